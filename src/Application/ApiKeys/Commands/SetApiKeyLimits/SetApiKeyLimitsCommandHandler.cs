namespace Agentsgt.Application.ApiKeys.Commands.SetApiKeyLimits;

public sealed class SetApiKeyLimitsCommandHandler(IApiKeyRepository apiKeys, IOrganizationRepository organizations, ISecretHasher hasher, SessionPolicy policy, TimeProvider clock)
    : IRequestHandler<SetApiKeyLimitsCommand, ApiKeyDto>
{
    public async Task<ApiKeyDto> Handle(SetApiKeyLimitsCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = await apiKeys.GetByPublicKeyAsync(request.PublicKey, cancellationToken).ConfigureAwait(false)
                  ?? throw new NotFoundException($"API key {request.PublicKey} does not exist");
        var organization = await organizations.GetExistingAsync(key.OrganizationId, cancellationToken).ConfigureAwait(false);
        CapChange.Apply(request.MaxConcurrentSessions, key.SetMaxConcurrentSessions);
        CapChange.Apply(request.MaxSessionSeconds, key.SetMaxSessionSeconds);
        await apiKeys.UpdateAsync(key, cancellationToken).ConfigureAwait(false);
        return ApiKeyDto.From(key, hasher.CurrentPepperId, clock.GetUtcNow()) with { SessionCaps = EffectiveSessionCapsDto.For(key, organization, policy) };
    }
}
