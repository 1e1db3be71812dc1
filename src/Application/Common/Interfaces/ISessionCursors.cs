namespace Agentsgt.Application.Common.Interfaces;

/// <summary>
/// Opaque, signed keyset cursors for session listings. A cursor is bound to its listing's
/// <c>scope</c> (organization and filters), so a changed or borrowed one reads as invalid.
/// </summary>
public interface ISessionCursors
{
    string Write(SessionCursor cursor, string scope);

    /// <summary>The position, when <paramref name="text"/> is a cursor this service wrote for <paramref name="scope"/>.</summary>
    bool TryRead(string text, string scope, out SessionCursor cursor);
}
