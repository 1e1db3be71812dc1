using Agentsgt.Domain.Rules;
using Agentsgt.Application.Agents.Commands.CreateAgent;
using Agentsgt.Application.ApiKeys.Commands.CreateApiKey;
using Agentsgt.Application.ApiKeys.Commands.CreatePublishableApiKey;
using Agentsgt.Application.Organizations.Commands.CreateOrganization;

namespace Agentsgt.Application.UnitTests.Common;

/// <summary>
/// Names are trimmed and origins normalized once, in the command's constructor: the validator
/// checks the value it is given and the handler passes it on as it is.
/// </summary>
public sealed class TrimmedOnceTests
{
    private static readonly Guid OrganizationId = Guid.NewGuid();

    private static CreatePublishableApiKeyCommand Publishable(string? name, params string[] origins) =>
        new(OrganizationId, name, null, origins, []);

    [Test]
    public void EveryCreateCommand_CarriesTheTrimmedName()
    {
        Assert.That(new CreateOrganizationCommand("  Acme  ").Name, Is.EqualTo("Acme"));
        Assert.That(new CreateAgentCommand(OrganizationId, "  Acme  ").Name, Is.EqualTo("Acme"));
        Assert.That(new CreateApiKeyCommand(OrganizationId, "  Acme  ", null).Name, Is.EqualTo("Acme"));
        Assert.That(Publishable("  Acme  ", "https://a.example").Name, Is.EqualTo("Acme"));
    }

    [Test]
    public void AMissingName_StaysMissing_AndABlankOneBecomesEmpty()
    {
        Assert.That(new CreateApiKeyCommand(OrganizationId, null, null).Name, Is.Null);
        Assert.That(Publishable(null, "https://a.example").Name, Is.Null);
        Assert.That(new CreateOrganizationCommand(" \t ").Name, Is.Empty);
        Assert.That(new CreateOrganizationCommand(null!).Name, Is.Null);
    }

    [Test]
    public void TheValidators_ReportTheSameMessages_OnTheTrimmedName()
    {
        static IEnumerable<string> Problems(string? name) =>
            new CreateAgentCommandValidator().Validate(new CreateAgentCommand(OrganizationId, name!)).Errors.Select(e => e.ErrorMessage)
                .Concat(new CreateApiKeyCommandValidator().Validate(new CreateApiKeyCommand(OrganizationId, name, null)).Errors.Select(e => e.ErrorMessage))
                .Concat(new CreatePublishableApiKeyCommandValidator().Validate(Publishable(name, "https://a.example")).Errors.Select(e => e.ErrorMessage));

        Assert.That(Problems("   "), Is.EqualTo(Enumerable.Repeat("name must not be blank", 3)));
        Assert.That(Problems("  " + new string('x', 201) + "  "), Is.EqualTo(Enumerable.Repeat("name must be at most 200 characters (got 201)", 3)));
        Assert.That(Problems(" Acme\u001b[31m "), Is.EqualTo(Enumerable.Repeat("name must not contain control characters", 3)));
        Assert.That(Problems("  " + new string('x', 200) + "  "), Is.Empty);
    }

    [Test]
    public void APublishableCommand_NormalizesItsOriginsOnce_AndKeepsTheBadOnesAsTyped()
    {
        var command = Publishable("w", "https://Shop.Example.test:443", "http://localhost:5173", "https://a.example/", "https://a.example/");

        Assert.That(command.AllowedOrigins, Is.EqualTo(new[] { "https://Shop.Example.test:443", "http://localhost:5173", "https://a.example/", "https://a.example/" }));
        Assert.That(command.NormalizedOrigins, Is.EqualTo(new[] { "https://shop.example.test", "http://localhost:5173" }));
        Assert.That(command.InvalidOrigins, Is.EqualTo(new[] { "https://a.example/", "https://a.example/" }));
    }

    [Test]
    public void ThePublishableValidator_NamesEachBadOriginAsTyped()
    {
        var result = new CreatePublishableApiKeyCommandValidator().Validate(Publishable("w", "https://Shop.Example.test", "https://a.example/path"));

        Assert.That(result.Errors.Select(e => (e.PropertyName, e.ErrorMessage)), Is.EqualTo(new[]
        {
            ("AllowedOrigins[1]", $"allowed origin 'https://a.example/path' must be {Domain.Rules.WebOriginRules.Rule}"),
        }));
    }

    [Test]
    public async Task ThePublishableHandler_StoresTheNormalizedOrigins_EachOnce()
    {
        var organizations = new Mock<IOrganizationRepository>();
        organizations.Setup(o => o.ExistsAsync(OrganizationId, It.IsAny<CancellationToken>())).ReturnsAsync(true);
        var apiKeys = new Mock<IApiKeyRepository>();
        ApiKey? stored = null;
        apiKeys.Setup(k => k.AddAsync(It.IsAny<ApiKey>(), It.IsAny<CancellationToken>()))
            .Callback<ApiKey, CancellationToken>((key, _) => stored = key)
            .Returns(Task.CompletedTask);
        var handler = new CreatePublishableApiKeyCommandHandler(organizations.Object, Mock.Of<IAgentRepository>(), apiKeys.Object, new FixedClock(DateTimeOffset.UnixEpoch));

        var created = await handler.Handle(Publishable(" widget ", "https://Shop.Example.test:443", "https://shop.example.test"), CancellationToken.None);

        Assert.That(stored, Is.Not.Null);
        Assert.That(stored!.AllowedOrigins, Is.EqualTo(new[] { "https://shop.example.test" }));
        Assert.That(stored.Name, Is.EqualTo("widget"));
        Assert.That(created.AllowedOrigins, Is.EqualTo(new[] { "https://shop.example.test" }));
    }
}
