namespace Agentsgt.Domain.UnitTests;

public sealed class WebOriginRulesTests
{
    [TestCase("https://shop.example.com", "https://shop.example.com")]
    [TestCase("HTTPS://Shop.Example.COM", "https://shop.example.com")]
    [TestCase("https://shop.example.com:443", "https://shop.example.com")]
    [TestCase("http://shop.example.com:80", "http://shop.example.com")]
    [TestCase("http://localhost:5173", "http://localhost:5173")]
    [TestCase("https://shop.example.com:8443", "https://shop.example.com:8443")]
    [TestCase("http://127.0.0.1:8080", "http://127.0.0.1:8080")]
    [TestCase("http://[::1]:8080", "http://[::1]:8080")]
    [TestCase("https://bücher.example", "https://xn--bcher-kva.example")]
    public void TryNormalize_GivesTheFormBrowsersSend(string input, string expected)
    {
        Assert.That(WebOriginRules.TryNormalize(input, out var origin), Is.True);
        Assert.That(origin, Is.EqualTo(expected));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("null")]
    [TestCase("*")]
    [TestCase("shop.example.com")]
    [TestCase("//shop.example.com")]
    [TestCase("https://")]
    [TestCase("https://shop.example.com/")]
    [TestCase("https://shop.example.com/path")]
    [TestCase("https://shop.example.com?q=1")]
    [TestCase("https://shop.example.com#frag")]
    [TestCase("https://user:pass@shop.example.com")]
    [TestCase("https://*.example.com")]
    [TestCase("https://shop.example.com:99999")]
    [TestCase("ftp://shop.example.com")]
    [TestCase("file:///etc/passwd")]
    [TestCase("javascript://alert(1)")]
    [TestCase("https://shop example.com")]
    [TestCase("https://shop.example.com\\evil")]
    public void TryNormalize_RefusesAnythingButAnExactOrigin(string? input)
    {
        Assert.That(WebOriginRules.TryNormalize(input, out var origin), Is.False);
        Assert.That(origin, Is.Null);
    }
}
