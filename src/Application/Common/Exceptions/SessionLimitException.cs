namespace Agentsgt.Application.Common.Exceptions;

/// <summary>A concurrency cap (the key's or its organization's) is full; the caller may retry after <see cref="RetryAfterSeconds"/>.</summary>
public sealed class SessionLimitException : Exception
{
    public SessionLimitException(int retryAfterSeconds)
        : base("Too many active voice sessions.")
    {
        RetryAfterSeconds = retryAfterSeconds;
    }

    public SessionLimitException()
        : this(5)
    {
    }

    public SessionLimitException(string message)
        : base(message)
    {
    }

    public SessionLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int RetryAfterSeconds { get; }
}
