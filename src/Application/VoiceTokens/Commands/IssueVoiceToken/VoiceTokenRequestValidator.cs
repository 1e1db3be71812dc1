using Agentsgt.Domain.ValueObjects;
using FluentValidation;

namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>
/// The field rules both token endpoints share, reported under the JSON names the client used
/// (<see cref="VoiceTokenRequest.Fields"/>). Each endpoint's validator includes these.
/// </summary>
public sealed class VoiceTokenRequestValidator : AbstractValidator<VoiceTokenRequest>
{
    public const string ShortRoomNameMessage =
        "must be 1-64 characters of A-Z, a-z, 0-9, underscore or hyphen, or a full room name issued for this agent";

    public const string ForeignRoomNameMessage = "is not a room name issued for this agent and organization";

    public const string TtlMessage = "must be between 60 and 3600 seconds";

    public const string RoomConfigFieldMessage = "may not be set by a client; only agents[0].agent_name (this agent's LiveKit agent name) and agents[0].metadata are accepted";

    public const string OneDispatchMessage = "may hold at most one entry: this agent";

    public const string DispatchEntryMessage = "must be an object";

    public const string NotThisAgentMessage = "must be this agent's LiveKit agent name";

    public VoiceTokenRequestValidator()
    {
        RuleFor(r => r.RoomName).Custom((roomName, context) =>
            Add(context, context.InstanceToValidate.Fields.RoomName, roomName is null ? null : DescribeRoomNameProblem(context.InstanceToValidate, roomName)));

        // Identity: LiveKit's length bounds, no whitespace, control characters or '#', and a safe form
        // (no format characters, NFKC-stable: ParticipantText.IsInSafeForm). Attribute keys: the same
        // safe form, no leading/trailing whitespace, not under "agentsgt." (ParticipantContext).
        RuleFor(r => r.VisitorId).Custom((visitorId, context) =>
            Add(context, context.InstanceToValidate.Fields.VisitorId, visitorId is null ? null : ParticipantText.DescribeIdentityProblem(visitorId)));

        RuleFor(r => r.VisitorName).Custom((visitorName, context) =>
            Add(context, context.InstanceToValidate.Fields.VisitorName, visitorName is null ? null : ParticipantText.DescribeNameProblem(visitorName)));

        RuleFor(r => r.Metadata).Custom((metadata, context) =>
            Add(context, context.InstanceToValidate.Fields.Metadata, metadata is null ? null : ParticipantContext.DescribeMetadataProblem(metadata)));

        RuleFor(r => r.Attributes).Custom((_, context) => ValidateAttributes(context.InstanceToValidate, context));

        RuleFor(r => r.TtlSeconds).Custom((ttl, context) =>
            Add(context, context.InstanceToValidate.Fields.TtlSeconds, ttl is < VoiceTokenRequest.MinTtlSeconds or > VoiceTokenRequest.MaxTtlSeconds ? TtlMessage : null));

        RuleFor(r => r.RoomConfig).Custom((_, context) => ValidateRoomConfig(context.InstanceToValidate, context));
    }

    private static void ValidateAttributes(VoiceTokenRequest request, ValidationContext<VoiceTokenRequest> context)
    {
        if (request.Attributes is not { } attributes)
        {
            return;
        }

        var field = request.Fields.Attributes;
        if (attributes.Count > ParticipantContext.MaxAttributes)
        {
            Add(context, field, ParticipantContext.TooManyAttributesMessage);
        }

        // Key problems go under the field itself (the key may be unprintable); value problems under field.key.
        var keyProblems = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes)
        {
            if (ParticipantContext.DescribeAttributeKeyProblem(key) is { } keyProblem)
            {
                keyProblems.Add(keyProblem);
                continue;
            }

            Add(context, request.Fields.Attribute(key), ParticipantContext.DescribeAttributeValueProblem(value));
        }

        foreach (var problem in keyProblems)
        {
            Add(context, field, problem);
        }
    }

    /// <summary>
    /// Only dispatching this agent may be asked for, as LiveKit's docs advise for fields a client
    /// must not set. Whether the name is this agent's is known after the agent lookup (handler).
    /// </summary>
    private static void ValidateRoomConfig(VoiceTokenRequest request, ValidationContext<VoiceTokenRequest> context)
    {
        if (request.RoomConfig is not { } config)
        {
            return;
        }

        var fields = request.Fields;
        foreach (var other in config.OtherFields)
        {
            Add(context, fields.RoomConfigField(other), RoomConfigFieldMessage);
        }

        if (config.Agents.Count > 1)
        {
            Add(context, fields.RoomConfigField("agents"), OneDispatchMessage);
            return;
        }

        for (var i = 0; i < config.Agents.Count; i++)
        {
            if (config.Agents[i] is not { } dispatch)
            {
                Add(context, fields.AgentDispatch(i), DispatchEntryMessage);
                continue;
            }

            foreach (var other in dispatch.OtherFields)
            {
                Add(context, fields.AgentDispatchField(i, other), RoomConfigFieldMessage);
            }

            // The worker's job metadata: the client's text, bounded like participant metadata.
            Add(context, fields.DispatchMetadata(i), dispatch.Metadata is null ? null : ParticipantContext.DescribeMetadataProblem(dispatch.Metadata));

            // No name would dispatch LiveKit's default (unnamed) worker: not this agent.
            if (string.IsNullOrEmpty(dispatch.AgentName) && dispatch.OtherFields.Count == 0)
            {
                Add(context, fields.DispatchAgentName(i), NotThisAgentMessage);
            }
        }
    }

    private static string? DescribeRoomNameProblem(VoiceTokenRequest request, string roomName)
    {
        if (!Domain.ValueObjects.RoomName.HasPrefix(roomName))
        {
            return Domain.ValueObjects.RoomName.IsValidShortName(roomName) ? null : ShortRoomNameMessage;
        }

        // A full name is accepted only when it is this agent's room in the caller's organization.
        return request.FullRoomName is { } room
               && room.AgentId == request.AgentId
               && room.OrganizationId == request.OrganizationId
            ? null
            : ForeignRoomNameMessage;
    }

    private static void Add(ValidationContext<VoiceTokenRequest> context, string field, string? problem)
    {
        if (problem is not null)
        {
            context.AddFailure(field, problem);
        }
    }
}
