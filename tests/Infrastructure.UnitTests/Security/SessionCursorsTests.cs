using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace Agentsgt.Infrastructure.UnitTests.Security;

public sealed class SessionCursorsTests
{
    private static readonly SessionCursor Position = new(new DateTimeOffset(2026, 12, 7, 9, 30, 0, TimeSpan.Zero).AddTicks(1230), Guid.NewGuid());

    private static SessionCursors Cursors(string current, params (string Id, string Pepper)[] peppers)
    {
        var options = new ApiKeyHashingOptions { CurrentPepperId = current };
        foreach (var (id, pepper) in peppers)
        {
            options.Peppers[id] = pepper;
        }

        return new SessionCursors(Options.Create(options));
    }

    private static SessionCursors Old => Cursors("1", ("1", "pepper-one-pepper-one-pepper-one-000001"));

    [Test]
    public void ACursor_ReadsBackAsItsPosition_InTheSameScope()
    {
        var text = Old.Write(Position, "scope");

        Assert.That(Old.TryRead(text, "scope", out var read), Is.True);
        Assert.That(read, Is.EqualTo(Position));
        Assert.That(text, Does.Match("^[A-Za-z0-9_-]+$"), "safe in a query string");
    }

    [Test]
    public void AnyChangedCharacter_OrAnotherScope_IsRefused()
    {
        var text = Old.Write(Position, "scope");

        Assert.That(Old.TryRead(text, "other scope", out _), Is.False);
        for (var i = 0; i < text.Length - 1; i++)
        {
            var changed = text[..i] + (text[i] == 'A' ? 'B' : 'A') + text[(i + 1)..];
            Assert.That(Old.TryRead(changed, "scope", out _), Is.False, changed);
        }

        Assert.That(Old.TryRead("not a cursor!", "scope", out _), Is.False);
        Assert.That(Old.TryRead(string.Empty, "scope", out _), Is.False);
    }

    [Test]
    public void ACursorSignedUnderAnOlderPepper_StillReads_AfterRotation()
    {
        var text = Old.Write(Position, "scope");
        var rotated = Cursors("2", ("1", "pepper-one-pepper-one-pepper-one-000001"), ("2", "pepper-two-pepper-two-pepper-two-000002"));
        var other = Cursors("3", ("3", "pepper-three-pepper-three-pepper-000003"));

        Assert.That(rotated.TryRead(text, "scope", out _), Is.True);
        Assert.That(other.TryRead(text, "scope", out _), Is.False);
    }
}
