using Agentsgt.Infrastructure.LiveKit;

namespace Agentsgt.Infrastructure.UnitTests.LiveKit;

public sealed class LiveKitOptionsTests
{
    [Test]
    public void EveryLiveKitProblem_IsNamedAtOnce()
    {
        var problem = new LiveKitOptions { Url = "http://localhost:7880" }.DescribeProblem();

        Assert.That(problem, Is.EqualTo(
            "LiveKit URL must be an absolute ws:// or wss:// URL. "
            + "LiveKit API key is not set (LiveKit__ApiKey or LIVEKIT_API_KEY). "
            + "LiveKit API secret is not set (LiveKit__ApiSecret or LIVEKIT_API_SECRET)."));
    }

    [Test]
    public void AMissingSecret_IsNamed_WhenUrlAndKeyAreFine()
    {
        var problem = new LiveKitOptions { Url = "ws://localhost:7880", ApiKey = "devkey" }.DescribeProblem();

        Assert.That(problem, Is.EqualTo("LiveKit API secret is not set (LiveKit__ApiSecret or LIVEKIT_API_SECRET)."));
    }

    [Test]
    public void CompleteSettings_HaveNoProblem()
    {
        Assert.That(new LiveKitOptions { Url = "wss://x.livekit.cloud", ApiKey = "k", ApiSecret = "s" }.DescribeProblem(), Is.Null);
    }
}
