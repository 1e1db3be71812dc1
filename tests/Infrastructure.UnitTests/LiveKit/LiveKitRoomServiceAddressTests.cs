using Agentsgt.Infrastructure.LiveKit;

namespace Agentsgt.Infrastructure.UnitTests.LiveKit;

/// <summary>The RoomService base is formed from LiveKit:Url as livekit-server-sdk forms it.</summary>
public sealed class LiveKitRoomServiceAddressTests
{
    [TestCase("ws://127.0.0.1:7880", "http://127.0.0.1:7880/twirp/livekit.RoomService/")]
    [TestCase("wss://project.livekit.cloud", "https://project.livekit.cloud/twirp/livekit.RoomService/")]
    [TestCase("wss://livekit.example.com:8443", "https://livekit.example.com:8443/twirp/livekit.RoomService/")]
    [TestCase("ws://livekit.internal:80", "http://livekit.internal/twirp/livekit.RoomService/")]
    [TestCase("wss://livekit.example.com:443/", "https://livekit.example.com/twirp/livekit.RoomService/")]
    public void MapsWsToHttpAndWssToHttps_KeepingHostAndPort(string liveKitUrl, string expected) =>
        Assert.That(LiveKitRoomServiceClient.ServiceAddress(liveKitUrl).AbsoluteUri, Is.EqualTo(expected));

    // The SDK resolves the absolute path "/twirp/…" against the URL, which drops its path and query;
    // user info (which the SDK's fetch refuses) is dropped too.
    [TestCase("wss://livekit.example.com/some/prefix/?region=eu", "https://livekit.example.com/twirp/livekit.RoomService/")]
    [TestCase("ws://user:pass@127.0.0.1:7880/rtc", "http://127.0.0.1:7880/twirp/livekit.RoomService/")]
    public void DropsPathQueryAndUserInfo_AsTheSdkDoes(string liveKitUrl, string expected) =>
        Assert.That(LiveKitRoomServiceClient.ServiceAddress(liveKitUrl).AbsoluteUri, Is.EqualTo(expected));
}
