using System.Security.Cryptography;
using System.Text;
using Agentsgt.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace Agentsgt.Infrastructure.UnitTests.Security;

public sealed class HmacSecretHasherTests
{
    private const string OldPepper = "old-pepper-old-pepper-old-pepper-0001";
    private const string NewPepper = "new-pepper-new-pepper-new-pepper-0002";

    private static HmacSecretHasher Hasher(string current)
    {
        var options = new ApiKeyHashingOptions { CurrentPepperId = current };
        options.Peppers["old"] = OldPepper;
        options.Peppers["new"] = NewPepper;
        return new HmacSecretHasher(Options.Create(options));
    }

    [Test]
    public void HashIsHmacSha256OfTheSecretUnderTheCurrentPepper()
    {
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(NewPepper), Encoding.UTF8.GetBytes("sk_secret"));

        Assert.That(Hasher("new").Hash("sk_secret"), Is.EqualTo(expected));
    }

    [Test]
    public void VerifiesAgainstTheHashesPepper()
    {
        var oldHash = Hasher("old").Hash("sk_secret");
        var hasher = Hasher("new");

        Assert.That(hasher.Verify("sk_secret", oldHash, "old"), Is.True);
        Assert.That(hasher.Verify("sk_secret", oldHash, "new"), Is.False);
        Assert.That(hasher.Verify("sk_wrong", oldHash, "old"), Is.False);
    }

    [Test]
    public void RejectsAnUnknownPepperId()
    {
        var hasher = Hasher("new");

        Assert.That(hasher.Verify("sk_secret", hasher.Hash("sk_secret"), "gone"), Is.False);
    }

    [Test]
    public void HandlesSecretsLongerThanTheStackBuffer()
    {
        var hasher = Hasher("new");
        var secret = "sk_" + new string('x', 2000);

        Assert.That(hasher.Verify(secret, hasher.Hash(secret), "new"), Is.True);
    }
}
