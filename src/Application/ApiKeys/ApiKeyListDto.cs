namespace Agentsgt.Application.ApiKeys;

/// <summary>A list of keys with the pepper id new keys are hashed with.</summary>
public sealed record ApiKeyListDto(string CurrentPepperId, IReadOnlyList<ApiKeyDto> ApiKeys);
