namespace Agentsgt.Application.Common.Exceptions;

/// <summary>
/// The resource does not exist for the caller. Also used when it exists in another
/// organization, so that its existence is never revealed.
/// </summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException()
        : base("Not found.")
    {
    }

    public NotFoundException(string message)
        : base(message)
    {
    }

    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
