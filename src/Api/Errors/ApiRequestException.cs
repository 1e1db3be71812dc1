namespace Agentsgt.Api.Errors;

public sealed class ApiRequestException : Exception
{
    public ApiRequestException(ApiError error)
        : base(error?.Message)
    {
        Error = error ?? ApiError.Internal;
    }

    public ApiRequestException()
        : this(ApiError.Internal)
    {
    }

    public ApiRequestException(string message)
        : base(message)
    {
        Error = ApiError.Internal;
    }

    public ApiRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = ApiError.Internal;
    }

    public ApiError Error { get; }
}
