using Agentsgt.Application.ApiKeys.Commands.CreateApiKey;

namespace Agentsgt.Application.UnitTests.ApiKeys;

public sealed class CreateApiKeyCommandValidatorTests
{
    private readonly CreateApiKeyCommandValidator _validator = new();

    private static CreateApiKeyCommand Command(string? name = null, TimeSpan? expiresIn = null) => new(Guid.NewGuid(), name, expiresIn);

    [Test]
    public void AcceptsAKeyWithoutNameOrExpiry()
    {
        Assert.That(_validator.Validate(Command()).IsValid, Is.True);
    }

    [Test]
    public void AcceptsTheLongestLifetime()
    {
        Assert.That(_validator.Validate(Command("prod", TimeSpan.FromDays(3650))).IsValid, Is.True);
        Assert.That(_validator.Validate(Command(expiresIn: TimeSpan.FromMinutes(1))).IsValid, Is.True);
    }

    [TestCase(0)]
    [TestCase(-60)]
    public void RejectsANonPositiveLifetime(int seconds)
    {
        var result = _validator.Validate(Command(expiresIn: TimeSpan.FromSeconds(seconds)));

        Assert.That(result.Errors.Select(e => e.ErrorMessage), Is.EqualTo(new[] { "expiry must be a positive duration" }));
    }

    [Test]
    public void RejectsALifetimeOverTenYears()
    {
        var result = _validator.Validate(Command(expiresIn: TimeSpan.FromDays(3650) + TimeSpan.FromMinutes(1)));

        Assert.That(result.Errors.Select(e => e.ErrorMessage), Is.EqualTo(new[] { "expiry must be at most 3650 days" }));
    }

    [Test]
    public void RejectsABlankOrLongName_WhenOneIsGiven()
    {
        Assert.That(_validator.Validate(Command(" ")).IsValid, Is.False);
        Assert.That(_validator.Validate(Command(new string('k', 201))).IsValid, Is.False);
    }
}
