namespace Agentsgt.Application.Common.Exceptions;

/// <summary>
/// The credentials are well formed on their own but not in the form the named key takes (the
/// contract's check 1): a public part alone that names no publishable key, or a publishable key
/// presented with a secret. Answered like any malformed header (401 <c>unauthorized</c>).
/// </summary>
public sealed class MalformedCredentialsException : Exception
{
    public MalformedCredentialsException()
        : base("The credentials do not fit the key they name.")
    {
    }

    public MalformedCredentialsException(string message)
        : base(message)
    {
    }

    public MalformedCredentialsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
