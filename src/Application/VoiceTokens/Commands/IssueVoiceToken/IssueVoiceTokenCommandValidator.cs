namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>
/// The token request's field rules. Failures are keyed by property path (<c>VisitorName</c>,
/// <c>Attributes[{key}]</c>, <c>RoomConfig.Agents[0].AgentName</c>); each endpoint renames them to
/// its own JSON names in Api. The texts' own formats are the value objects' (<see cref="ParticipantText"/>,
/// <see cref="ParticipantContext"/>, <see cref="Domain.ValueObjects.RoomName"/>).
/// </summary>
public sealed class IssueVoiceTokenCommandValidator : AbstractValidator<IssueVoiceTokenCommand>
{
    public const string ShortRoomNameMessage =
        "must be 1-64 characters of A-Z, a-z, 0-9, underscore or hyphen, or a full room name issued for this agent";

    public const string ForeignRoomNameMessage = "is not a room name issued for this agent and organization";

    public const string TtlMessage = "must be between 60 and 3600 seconds";

    // Worded without field names: each endpoint has its own (the key of the detail names the field).
    public const string RoomConfigFieldMessage = "may not be set by a client; only one agent dispatch is accepted: this agent's LiveKit agent name, with job metadata";

    public const string OneDispatchMessage = "may hold at most one entry: this agent";

    public const string DispatchEntryMessage = "must be an object";

    public const string NotThisAgentMessage = "must be this agent's LiveKit agent name";

    public const string NoLiveKitAgentNameMessage =
        "names a worker, but this agent has no LiveKit agent name: an operator sets one with the CLI command agents set-livekit-name <agentId> <name>";

    public IssueVoiceTokenCommandValidator()
    {
        // A short name, or a full name issued for this agent in the caller's organization.
        RuleFor(c => c.RoomName)
            .Must(name => RoomName.IsValidShortName(name!)).WithMessage(ShortRoomNameMessage)
            .When(c => c.RoomName is { } name && !RoomName.HasPrefix(name), ApplyConditionTo.CurrentValidator)
            .Must(BeThisAgentsRoom).WithMessage(ForeignRoomNameMessage)
            .When(c => c.RoomName is { } name && RoomName.HasPrefix(name), ApplyConditionTo.CurrentValidator);

        RuleFor(c => c.VisitorId).ParticipantIdentity();
        RuleFor(c => c.VisitorName).ParticipantName();
        RuleFor(c => c.Metadata).ParticipantMetadata();

        When(c => c.Attributes is not null, () =>
        {
            // Each key problem once, for the keys it is the first problem of (a bad key is never echoed).
            RuleFor(c => c.Attributes)
                .Must(a => a!.Count <= ParticipantContext.MaxAttributes).WithMessage(ParticipantContext.TooManyAttributesMessage)
                .Must(a => a!.Keys.All(ParticipantContext.IsWellFormedAttributeKey)).WithMessage(ParticipantContext.AttributeKeyMessage)
                .Must(a => a!.Keys.Where(ParticipantContext.IsWellFormedAttributeKey).All(ParticipantContext.IsAttributeKeyInSafeForm))
                .WithMessage(ParticipantContext.AttributeKeyFormMessage)
                .Must(a => !a!.Keys.Where(k => ParticipantContext.IsWellFormedAttributeKey(k) && ParticipantContext.IsAttributeKeyInSafeForm(k)).Any(ParticipantContext.IsReservedAttributeKey))
                .WithMessage(ParticipantContext.ReservedKeyMessage);

            // Values of accepted keys, each under Attributes[{key}], every bad value reported. Each
            // check skips what an earlier one reported (Cascade.Stop would end the whole loop).
            RuleForEach(c => c.Attributes)
                .Where(entry => ParticipantContext.IsAcceptedAttributeKey(entry.Key))
                .OverrideIndexer((_, _, entry, _) => $"[{entry.Key}]")
                .Must(entry => entry.Value is not null).WithMessage(ParticipantContext.AttributeValueMessage)
                .Must(entry => entry.Value is null || ParticipantText.IsUnicode(entry.Value)).WithMessage(ParticipantText.NotUnicodeMessage)
                .Must(entry => entry.Value is null || !ParticipantText.IsUnicode(entry.Value) || ParticipantContext.AttributeValueFits(entry.Value))
                .WithMessage(ParticipantContext.AttributeValueLengthMessage);
        });

        RuleFor(c => c.TtlSeconds)
            .InclusiveBetween(IssueVoiceTokenCommand.MinTtlSeconds, IssueVoiceTokenCommand.MaxTtlSeconds).WithMessage(TtlMessage);

        // Only dispatching this agent may be asked for, as LiveKit's docs advise for fields a client
        // must not set. Whether the name is this agent's is known after the agent lookup (handler).
        When(c => c.RoomConfig is not null, () =>
        {
            RuleForEach(c => c.RefusedRoomConfigFields)
                .OverrideIndexer((_, _, path, _) => path)
                .Must(_ => false).WithMessage(RoomConfigFieldMessage)
                .OverridePropertyName(nameof(IssueVoiceTokenCommand.RoomConfig));

            RuleFor(c => c.RoomConfig!.Agents)
                .Must(agents => agents.Count <= 1).WithMessage(OneDispatchMessage);

            RuleForEach(c => c.RoomConfig!.Agents)
                .NotNull().WithMessage(DispatchEntryMessage)
                .ChildRules(dispatch =>
                {
                    // The worker's job metadata: the client's text, bounded like participant metadata.
                    dispatch.RuleFor(d => d!.Metadata).ParticipantMetadata();

                    // No name would dispatch LiveKit's default (unnamed) worker: not this agent.
                    dispatch.RuleFor(d => d!.AgentName)
                        .NotEmpty().WithMessage(NotThisAgentMessage)
                        .When(d => d!.OtherFields.Count == 0);
                })
                .When(c => c.RoomConfig!.Agents.Count <= 1);
        });
    }

    private static bool BeThisAgentsRoom(IssueVoiceTokenCommand command, string? _) =>
        command.FullRoomName is { } room && room.AgentId == command.AgentId && room.OrganizationId == command.OrganizationId;
}
