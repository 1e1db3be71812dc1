using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Agentsgt.Api.Hosting;

public sealed class KestrelLimitsCheck : KestrelServerLimits, IValidatedOptions
{
    public IEnumerable<string> Problems() => [];
}
