namespace Agentsgt.Api.Requests;

public interface ITokenRequestBody
{
    static abstract ValidationDetailNames DetailNames { get; }
}
