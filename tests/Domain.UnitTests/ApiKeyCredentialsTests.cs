namespace Agentsgt.Domain.UnitTests;

public sealed class ApiKeyCredentialsTests
{
    [TestCase("Bearer pk_1234567890abcdef:sk_abcdef1234567890", TestName = "the API page's example")]
    [TestCase("bearer pk_1234567890abcdef:sk_abcdef1234567890", TestName = "lowercase scheme")]
    [TestCase("BEARER pk_1234567890abcdef:sk_abcdef1234567890", TestName = "uppercase scheme")]
    [TestCase("Bearer    pk_1234567890abcdef:sk_abcdef1234567890", TestName = "several spaces after the scheme")]
    [TestCase("  Bearer pk_1234567890abcdef:sk_abcdef1234567890  ", TestName = "surrounding spaces")]
    public void TryParse_AcceptsWellFormedHeaders(string header)
    {
        Assert.That(ApiKeyCredentials.TryParseAuthorizationHeader(header, out var credentials), Is.True);
        Assert.That(credentials!.PublicKey, Is.EqualTo("pk_1234567890abcdef"));
        Assert.That(credentials.Secret, Is.EqualTo("sk_abcdef1234567890"));
    }

    [TestCase(null, TestName = "missing header")]
    [TestCase("", TestName = "empty header")]
    [TestCase("Bearer", TestName = "scheme only")]
    [TestCase("Bearer ", TestName = "scheme and space only")]
    [TestCase("Basic cGtfYTpza19i", TestName = "other scheme")]
    [TestCase("Bearerpk_a:sk_b", TestName = "no space after scheme")]
    [TestCase("Bearer pk_1234567890abcdef", TestName = "pk without sk")]
    [TestCase("Bearer pk_1234567890abcdefsk_abc", TestName = "missing colon")]
    [TestCase("Bearer :sk_abc", TestName = "empty public part")]
    [TestCase("Bearer pk_abc:", TestName = "empty secret part")]
    [TestCase("Bearer pk_:sk_abc", TestName = "public prefix only")]
    [TestCase("Bearer pk_abc:sk_", TestName = "secret prefix only")]
    [TestCase("Bearer xk_abc:sk_abc", TestName = "wrong public prefix")]
    [TestCase("Bearer pk_abc:xk_abc", TestName = "wrong secret prefix")]
    [TestCase("Bearer sk_abc:pk_abc", TestName = "parts swapped")]
    [TestCase("Bearer pk_abc: sk_abc", TestName = "space inside the pair")]
    [TestCase("Bearer pk_abc:sk_abc:more", TestName = "second colon in the secret")]
    [TestCase("Bearer pk_a-b:sk_abc", TestName = "non base62 public key")]
    [TestCase("Bearer pk_abc:sk_ab\u00e9", TestName = "non ascii secret")]
    public void TryParse_RejectsMalformedHeaders(string? header)
    {
        Assert.That(ApiKeyCredentials.TryParseAuthorizationHeader(header, out var credentials), Is.False);
        Assert.That(credentials, Is.Null);
    }

    [Test]
    public void TryParse_RejectsOversizedParts()
    {
        var header = "Bearer pk_abc:sk_" + new string('a', ApiKeyCredentials.MaxPartLength);

        Assert.That(ApiKeyCredentials.TryParseAuthorizationHeader(header, out _), Is.False);
    }

    [Test]
    public void Generate_MakesBase62KeysWithEnoughEntropy()
    {
        var credentials = ApiKeyCredentials.Generate();

        Assert.That(credentials.PublicKey, Does.Match("^pk_[0-9A-Za-z]{24}$"));
        Assert.That(credentials.Secret, Does.Match("^sk_[0-9A-Za-z]{40}$"));
        Assert.That(Math.Log2(62) * (credentials.Secret.Length - 3), Is.GreaterThanOrEqualTo(190));
    }

    [Test]
    public void Generate_RoundTripsThroughTheHeaderParser()
    {
        var credentials = ApiKeyCredentials.Generate();

        Assert.That(ApiKeyCredentials.TryParseAuthorizationHeader($"Bearer {credentials.PublicKey}:{credentials.Secret}", out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(credentials));
    }

    [Test]
    public void ToString_NeverShowsTheSecret()
    {
        var credentials = ApiKeyCredentials.Generate();

        Assert.That(credentials.ToString(), Does.Not.Contain(credentials.Secret[3..]));
    }
}
