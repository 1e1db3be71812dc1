namespace Agentsgt.Application.Common.Interfaces;

public sealed record KeyAndAgent(ApiKey? Key, ActiveAgent? Agent)
{
    /// <summary>The key's and its organization's own session caps.</summary>
    public StoredSessionCaps Caps { get; init; } = StoredSessionCaps.None;
}
