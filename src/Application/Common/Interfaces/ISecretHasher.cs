namespace Agentsgt.Application.Common.Interfaces;

public interface ISecretHasher
{
    string CurrentPepperId { get; }

    byte[] Hash(string secret);

    bool Verify(string secret, byte[] expectedHash, string pepperId);
}
