using Agentsgt.Domain.Entities;

namespace Agentsgt.Domain.UnitTests;

/// <summary><c>Bearer pk_…</c> alone (publishable keys): the same well-formedness rules as a pair's public part.</summary>
public sealed class PublicOnlyCredentialsTests
{
    [TestCase("Bearer pk_1234567890abcdef")]
    [TestCase("bearer   pk_1234567890abcdef  ")]
    public void TryParseBearer_AcceptsAPublicPartAlone(string header)
    {
        Assert.That(ApiKeyCredentials.TryParseBearer(header, out var credentials), Is.True);
        Assert.That(credentials!.PublicKey, Is.EqualTo("pk_1234567890abcdef"));
        Assert.That(credentials.IsPublicOnly, Is.True);
        Assert.That(credentials.ToString(), Is.EqualTo("pk_1234567890abcdef"));
    }

    [Test]
    public void TryParseBearer_StillAcceptsPairs()
    {
        Assert.That(ApiKeyCredentials.TryParseBearer("Bearer pk_abc:sk_def", out var credentials), Is.True);
        Assert.That(credentials!.IsPublicOnly, Is.False);
        Assert.That(credentials.Secret, Is.EqualTo("sk_def"));
    }

    [TestCase(null)]
    [TestCase("Bearer")]
    [TestCase("Bearer pk_")]
    [TestCase("Bearer pk_abc:")]
    [TestCase("Bearer :sk_abc")]
    [TestCase("Bearer sk_abc")]
    [TestCase("Bearer xk_abc")]
    [TestCase("Bearer pk_a-b")]
    [TestCase("Bearer pk_abc def")]
    [TestCase("Basic pk_abc")]
    [TestCase("Bearerpk_abc")]
    public void TryParseBearer_RefusesMalformedValues(string? header)
    {
        Assert.That(ApiKeyCredentials.TryParseBearer(header, out var credentials), Is.False);
        Assert.That(credentials, Is.Null);
    }

    [Test]
    public void TryParseBearer_RefusesAnOversizedPublicPart()
    {
        Assert.That(ApiKeyCredentials.TryParseBearer("Bearer pk_" + new string('a', ApiKeyCredentials.MaxPartLength), out _), Is.False);
    }

    [Test]
    public void APublishableKey_HasNoSecretHashOrPepper_AndNormalizedOrigins()
    {
        var key = ApiKey.CreatePublishable(Guid.NewGuid(), Guid.NewGuid(), "widget", ApiKeyCredentials.NewPublicKey(), ["https://a.example", "https://a.example"], [], DateTimeOffset.UnixEpoch, null);

        Assert.That(key.Kind, Is.EqualTo(ApiKeyKind.Publishable));
        Assert.That(key.SecretHash, Is.Null);
        Assert.That(key.PepperId, Is.Null);
        Assert.That(key.AllowedOrigins, Is.EqualTo(new[] { "https://a.example" }));
        Assert.That(key.Name, Is.EqualTo("widget"));
    }

    [TestCase("https://A.example")]
    [TestCase("https://a.example/")]
    public void APublishableKey_RefusesOriginsThatAreNotNormalized(string origin)
    {
        Assert.Throws<ArgumentException>(() => ApiKey.CreatePublishable(Guid.NewGuid(), Guid.NewGuid(), "w", "pk_abc", [origin], [], DateTimeOffset.UnixEpoch, null));
    }

    [Test]
    public void APublishableKey_RefusesAnUntrimmedName()
    {
        Assert.Throws<ArgumentException>(() => ApiKey.CreatePublishable(Guid.NewGuid(), Guid.NewGuid(), " widget ", "pk_abc", ["https://a.example"], [], DateTimeOffset.UnixEpoch, null));
    }

    [Test]
    public void APublishableKey_NeedsAnOrigin()
    {
        Assert.Throws<ArgumentException>(() => ApiKey.CreatePublishable(Guid.NewGuid(), Guid.NewGuid(), "w", "pk_abc", [], [], DateTimeOffset.UnixEpoch, null));
    }
}
