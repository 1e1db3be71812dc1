namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

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
        RuleFor(c => c.Room)
            .Must(room => RoomName.IsValidShortName(room.Text)).WithMessage(ShortRoomNameMessage)
            .When(c => c.Room.Kind == RoomRequestKind.Short, ApplyConditionTo.CurrentValidator)
            .Must(BeThisAgentsRoom).WithMessage(ForeignRoomNameMessage)
            .When(c => c.Room.Kind == RoomRequestKind.Full, ApplyConditionTo.CurrentValidator);

        RuleFor(c => c.Identity).ValidIdentity();
        RuleFor(c => c.DisplayName).ValidDisplayName();
        RuleFor(c => c.Metadata).ValidMetadata();

        // Conditions sit on each rule, not in When blocks: a block builds a shared-condition cache
        // on every validation.
        // Each key problem once, for the keys it is the first problem of (a bad key is never echoed).
        RuleFor(c => c.Attributes)
            .Must(a => a!.Count <= ParticipantContextRules.MaxAttributes).WithMessage(ParticipantContextRules.TooManyAttributesMessage)
            .Must(a => a!.Keys.All(ParticipantContextRules.IsWellFormedAttributeKey)).WithMessage(ParticipantContextRules.AttributeKeyMessage)
            .Must(a => a!.Keys.Where(ParticipantContextRules.IsWellFormedAttributeKey).All(ParticipantContextRules.IsAttributeKeyInSafeForm))
            .WithMessage(ParticipantContextRules.AttributeKeyFormMessage)
            .Must(a => !a!.Keys.Where(k => ParticipantContextRules.IsWellFormedAttributeKey(k) && ParticipantContextRules.IsAttributeKeyInSafeForm(k)).Any(ParticipantContextRules.IsReservedAttributeKey))
            .WithMessage(ParticipantContextRules.ReservedKeyMessage)
            .When(c => c.Attributes is not null);

        // Values of accepted keys, each under Attributes[{key}], every bad value reported. Each
        // check skips what an earlier one reported (Cascade.Stop would end the whole loop).
        RuleForEach(c => c.Attributes)
            .Where(entry => ParticipantContextRules.IsAcceptedAttributeKey(entry.Key))
            .OverrideIndexer((_, _, entry, _) => $"[{entry.Key}]")
            .Must(entry => entry.Value is not null).WithMessage(ParticipantContextRules.AttributeValueMessage)
            .Must(entry => entry.Value is null || ParticipantTextRules.IsUnicode(entry.Value)).WithMessage(ParticipantTextRules.NotUnicodeMessage)
            .Must(entry => entry.Value is null || !ParticipantTextRules.IsUnicode(entry.Value) || ParticipantContextRules.AttributeValueFits(entry.Value))
            .WithMessage(ParticipantContextRules.AttributeValueLengthMessage)
            .When(c => c.Attributes is not null);

        RuleFor(c => c.TtlSeconds)
            .InclusiveBetween(IssueVoiceTokenCommand.MinTtlSeconds, IssueVoiceTokenCommand.MaxTtlSeconds).WithMessage(TtlMessage);

        // Only dispatching this agent may be asked for, as LiveKit's docs advise for fields a client
        // must not set. Whether the name is this agent's is known after the agent lookup (handler).
        RuleForEach(c => c.RefusedRoomConfigFields)
            .OverrideIndexer((_, _, path, _) => path)
            .Must(_ => false).WithMessage(RoomConfigFieldMessage)
            .OverridePropertyName(nameof(IssueVoiceTokenCommand.RoomConfig))
            .When(c => c.RoomConfig is not null);

        RuleFor(c => c.RoomConfig!.Agents)
            .Must(agents => agents.Count <= 1).WithMessage(OneDispatchMessage)
            .When(c => c.RoomConfig is not null);

        RuleForEach(c => c.RoomConfig!.Agents)
            .NotNull().WithMessage(DispatchEntryMessage)
            .ChildRules(dispatch =>
            {
                // The worker's job metadata: the client's text, bounded like participant metadata.
                dispatch.RuleFor(d => d!.Metadata).ValidMetadata();

                // No name would dispatch LiveKit's default (unnamed) worker: not this agent.
                dispatch.RuleFor(d => d!.AgentName)
                    .NotEmpty().WithMessage(NotThisAgentMessage)
                    .When(d => d!.OtherFields.Count == 0);
            })
            .When(c => c.RoomConfig is not null && c.RoomConfig.Agents.Count <= 1);
    }

    private static bool BeThisAgentsRoom(IssueVoiceTokenCommand command, RoomRequest room) =>
        room.FullName is { } full && full.AgentId == command.Agent.Id && full.OrganizationId == command.OrganizationId;
}
