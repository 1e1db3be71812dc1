namespace Agentsgt.Application.Common.Exceptions;

/// <summary>The LiveKit token could not be signed. The message never carries key material.</summary>
public sealed class TokenSigningException : Exception
{
    public TokenSigningException()
        : base("Failed to sign the LiveKit token.")
    {
    }

    public TokenSigningException(string message)
        : base(message)
    {
    }

    public TokenSigningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
