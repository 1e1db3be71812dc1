using Agentsgt.Api.Requests;

namespace Agentsgt.Api.UnitTests.Requests;

/// <summary>Each token endpoint reports the command's property paths under its own JSON names.</summary>
public sealed class ValidationDetailNamesTests
{
    [TestCase("RoomName", "roomName")]
    [TestCase("VisitorId", "visitorId")]
    [TestCase("VisitorName", "visitorName")]
    [TestCase("Metadata", "metadata")]
    [TestCase("Attributes", "attributes")]
    [TestCase("Attributes[plan]", "attributes.plan")]
    [TestCase("Attributes[a.b[0]]", "attributes.a.b[0]")]
    [TestCase("TtlSeconds", "ttlSeconds")]
    [TestCase("ResumeToken", "resumeToken")]
    public void TheContractEndpointUsesCamelCase(string path, string wire)
    {
        Assert.That(IssueVoiceTokenRequest.DetailNames.Rename(path), Is.EqualTo(wire));
    }

    [TestCase("RoomName", "room_name")]
    [TestCase("VisitorId", "participant_identity")]
    [TestCase("VisitorName", "participant_name")]
    [TestCase("Metadata", "participant_metadata")]
    [TestCase("Attributes", "participant_attributes")]
    [TestCase("Attributes[plan]", "participant_attributes.plan")]
    [TestCase("TtlSeconds", "ttl_seconds")]
    [TestCase("ResumeToken", "resume_token")]
    [TestCase("RoomConfig[max_participants]", "room_config.max_participants")]
    [TestCase("RoomConfig.Agents", "room_config.agents")]
    [TestCase("RoomConfig.Agents[0]", "room_config.agents[0]")]
    [TestCase("RoomConfig.Agents[0].AgentName", "room_config.agents[0].agent_name")]
    [TestCase("RoomConfig.Agents[0].Metadata", "room_config.agents[0].metadata")]
    [TestCase("RoomConfig.Agents[0][deployment]", "room_config.agents[0].deployment")]
    [TestCase("RoomConfig.Agents[0][AgentName]", "room_config.agents[0].AgentName")]
    public void TheTokenSourceEndpointUsesLiveKitsSnakeCase(string path, string wire)
    {
        Assert.That(TokenSourceRequest.DetailNames.Rename(path), Is.EqualTo(wire));
    }
}
