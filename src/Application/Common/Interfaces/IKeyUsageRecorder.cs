namespace Agentsgt.Application.Common.Interfaces;

// No database call on the request: times are written behind within a bound.
public interface IKeyUsageRecorder
{
    ValueTask RecordAsync(Guid apiKeyId, DateTimeOffset usedAt);
}
