using System.Reflection;
using System.Text.Json;
using Agentsgt.Api.Requests;
using Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

namespace Agentsgt.Api.UnitTests.Requests;

/// <summary>Each token endpoint reports the command's property paths under its own JSON names.</summary>
public sealed class ValidationDetailNamesTests
{
    [TestCase("Room", "roomName")]
    [TestCase("Identity", "visitorId")]
    [TestCase("DisplayName", "visitorName")]
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

    [TestCase("Room", "room_name")]
    [TestCase("Identity", "participant_identity")]
    [TestCase("DisplayName", "participant_name")]
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

    /// <summary>
    /// The command's fields a body can set: its <c>init</c> properties and its constructor's
    /// parameters (the caller and its agent aside). A new field a table forgets would reach <c>details</c> under
    /// its C# name; this fails first.
    /// </summary>
    private static IEnumerable<string> BodyFields()
    {
        var type = typeof(IssueVoiceTokenCommand);
        var fromConstructor = type.GetConstructors().Single().GetParameters()
            .Where(p => p.ParameterType != typeof(Agentsgt.Application.ApiKeys.Authentication.AuthenticatedCaller)
                        && p.ParameterType != typeof(Agentsgt.Application.ApiKeys.Authentication.RequestedAgent))
            .Select(p => char.ToUpperInvariant(p.Name![0]) + p.Name[1..]);
        var initOnly = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod?.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(System.Runtime.CompilerServices.IsExternalInit)) == true)
            .Select(p => p.Name);
        return fromConstructor.Concat(initOnly).Distinct();
    }

    [TestCase(typeof(IssueVoiceTokenRequest))]
    [TestCase(typeof(TokenSourceRequest))]
    public void EveryFieldOfAnEndpointsBody_IsTheWireNameOfACommandField_InThatEndpointsTable(Type requestType)
    {
        Assert.That(BodyFields().ToList(), Is.SupersetOf(new[] { "Room", "Identity", "DisplayName", "Metadata", "Attributes", "TtlSeconds", "ResumeToken", "RoomConfig" }));
        var table = (ValidationDetailNames)requestType.GetProperty(nameof(ITokenRequestBody.DetailNames), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

        // Only this endpoint's own body fields: a field one endpoint lacks needs nothing in its table.
        var wireNames = JsonSerializerOptions.Web.GetTypeInfo(requestType).Properties.Select(p => p.Name).ToList();
        var named = BodyFields().Select(table.Rename).ToList();

        Assert.That(wireNames, Is.Not.Empty);
        Assert.That(named, Is.SupersetOf(wireNames), $"{requestType.Name}.DetailNames lacks a body field");
    }
}
