namespace Agentsgt.Application.Common.Interfaces;

public interface ILiveKitTokenSigner
{
    bool IsConfigured { get; }

    string ServerUrl { get; }

    SignedVoiceToken Sign(VoiceGrant grant);
}
