using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace Agentsgt.Infrastructure.UnitTests.Security;

public sealed class VisitorResumeTokensTests
{
    private const string OldPepper = "old-pepper-old-pepper-old-pepper-0001";
    private const string NewPepper = "new-pepper-new-pepper-new-pepper-0002";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);
    private static readonly VisitorSession Session = new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "agentsgt-room-x", "visitor-abc");

    private static VisitorResumeTokens Tokens(string current, params string[] peppers)
    {
        var options = new ApiKeyHashingOptions { CurrentPepperId = current };
        foreach (var id in peppers)
        {
            options.Peppers[id] = id == "old" ? OldPepper : NewPepper;
        }

        return new VisitorResumeTokens(Options.Create(options));
    }

    [Test]
    public async Task ReadsBackTheSessionItWasIssuedFor_UntilItExpires()
    {
        var tokens = Tokens("new", "new");
        var value = tokens.Issue(Session, Now, Now.AddHours(1));

        Assert.That((await tokens.ReadAsync(value, Now.AddMinutes(59))).Session, Is.EqualTo(Session));
        Assert.That(await tokens.ReadAsync(value, Now.AddHours(1)), Is.EqualTo(ResumeTokenReading.TooOld));
    }

    [Test]
    public async Task AnotherInstanceWithTheSamePeppers_ReadsIt()
    {
        var value = Tokens("new", "new").Issue(Session, Now, Now.AddHours(1));

        Assert.That((await Tokens("new", "new").ReadAsync(value, Now)).Session, Is.EqualTo(Session));
    }

    [Test]
    public async Task SurvivesAPepperRotation_ButNotThePeppersRemoval()
    {
        var value = Tokens("old", "old").Issue(Session, Now, Now.AddHours(1));

        Assert.That((await Tokens("new", "old", "new").ReadAsync(value, Now)).Session, Is.EqualTo(Session));
        Assert.That(await Tokens("new", "new").ReadAsync(value, Now), Is.EqualTo(ResumeTokenReading.Invalid));
    }

    [Test]
    public void NeverContainsThePepper()
    {
        var value = Tokens("new", "new").Issue(Session, Now, Now.AddHours(1));

        Assert.That(value, Does.Not.Contain(NewPepper));
        Assert.That(System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(value.Split('.')[1])), Does.Not.Contain(NewPepper));
    }
}
