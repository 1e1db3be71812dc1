using Agentsgt.Application.ApiKeys.Commands.CreateApiKey;

namespace Agentsgt.Application.ApiKeys;

/// <summary>Rules that secret and publishable keys share when they are created.</summary>
public static class ApiKeyRules
{
    /// <summary>A positive lifetime of at most <see cref="CreateApiKeyCommand.MaxExpiresInDays"/> days.</summary>
    public static IRuleBuilderOptions<T, TimeSpan?> ValidExpiry<T>(this IRuleBuilder<T, TimeSpan?> rule) =>
        rule.Must(e => e > TimeSpan.Zero)
            .WithMessage("expiry must be a positive duration")
            .Must(e => e <= TimeSpan.FromDays(CreateApiKeyCommand.MaxExpiresInDays))
            .WithMessage($"expiry must be at most {CreateApiKeyCommand.MaxExpiresInDays} days");
}
