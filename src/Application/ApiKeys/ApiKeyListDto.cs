namespace Agentsgt.Application.ApiKeys;

public sealed record ApiKeyListDto(string CurrentPepperId, IReadOnlyList<ApiKeyDto> ApiKeys);
