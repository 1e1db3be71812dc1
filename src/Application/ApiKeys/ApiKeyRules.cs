using Agentsgt.Application.ApiKeys.Commands.CreateApiKey;

namespace Agentsgt.Application.ApiKeys;

public static class ApiKeyRules
{
    public static IRuleBuilderOptions<T, TimeSpan?> ValidExpiry<T>(this IRuleBuilder<T, TimeSpan?> rule) =>
        rule.Must(e => e > TimeSpan.Zero)
            .WithMessage("expiry must be a positive duration")
            .Must(e => e <= TimeSpan.FromDays(CreateApiKeyCommand.MaxExpiresInDays))
            .WithMessage($"expiry must be at most {CreateApiKeyCommand.MaxExpiresInDays} days");
}
