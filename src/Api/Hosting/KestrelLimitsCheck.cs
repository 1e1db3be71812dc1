using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Agentsgt.Api.Hosting;

/// <summary>
/// <c>Kestrel:Limits</c> bound once at start-up into a throwaway copy of Kestrel's own limits, only
/// to report a value of the wrong type or out of range with every other bad setting.
/// </summary>
public sealed class KestrelLimitsCheck : KestrelServerLimits, IValidatedOptions
{
    public IEnumerable<string> Problems() => [];
}
