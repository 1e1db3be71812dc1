namespace Agentsgt.Application.Common.Exceptions;

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
