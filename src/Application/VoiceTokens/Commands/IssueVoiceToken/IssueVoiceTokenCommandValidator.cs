using Agentsgt.Domain.ValueObjects;
using FluentValidation;

namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>The contract's field rules. Field names are the JSON names clients sent.</summary>
public sealed class IssueVoiceTokenCommandValidator : AbstractValidator<IssueVoiceTokenCommand>
{
    public const string ShortRoomNameMessage =
        "must be 1-64 characters of A-Z, a-z, 0-9, underscore or hyphen, or a full room name issued for this agent";

    public const string ForeignRoomNameMessage = "is not a room name issued for this agent and organization";

    public IssueVoiceTokenCommandValidator()
    {
        RuleFor(c => c.RoomName).Custom((roomName, context) =>
        {
            if (roomName is null)
            {
                return;
            }

            var problem = DescribeRoomNameProblem(context.InstanceToValidate, roomName);
            if (problem is not null)
            {
                context.AddFailure("roomName", problem);
            }
        });

        RuleFor(c => c.VisitorId).Custom((visitorId, context) =>
        {
            var problem = visitorId is null ? null : ParticipantText.DescribeIdentityProblem(visitorId);
            if (problem is not null)
            {
                context.AddFailure("visitorId", problem);
            }
        });

        RuleFor(c => c.VisitorName).Custom((visitorName, context) =>
        {
            var problem = visitorName is null ? null : ParticipantText.DescribeNameProblem(visitorName);
            if (problem is not null)
            {
                context.AddFailure("visitorName", problem);
            }
        });
    }

    private static string? DescribeRoomNameProblem(IssueVoiceTokenCommand command, string roomName)
    {
        if (!RoomName.HasPrefix(roomName))
        {
            return RoomName.IsValidShortName(roomName) ? null : ShortRoomNameMessage;
        }

        // A full name is accepted only when it is this agent's room in the caller's organization.
        return RoomName.TryParse(roomName, out var room)
               && command.TryGetAgentGuid(out var agentId)
               && room.AgentId == agentId
               && room.OrganizationId == command.OrganizationId
            ? null
            : ForeignRoomNameMessage;
    }
}
