using System.Text;

namespace Agentsgt.Tests.Support;

/// <summary>A <c>SendData</c> call the stand-in accepted: empty <see cref="DestinationIdentities"/> means the whole room.</summary>
public sealed record RoomServiceDataMessage(
    string Room,
    byte[] Data,
    string? Topic,
    IReadOnlyList<string> DestinationIdentities,
    string Kind,
    DateTimeOffset ReceivedAt)
{
    public string Text => Encoding.UTF8.GetString(Data);
}
