namespace Agentsgt.Api.Logging;

/// <summary>
/// Every <c>Logging:LogLevel:*</c> value (and each provider's <c>Logging:&lt;Provider&gt;:LogLevel:*</c>),
/// so a level the logger does not know is named with the other settings, not thrown from inside it.
/// </summary>
public sealed class LogLevelSettings : IValidatedOptions
{
    public const string SectionName = "Logging";

    public List<KeyValuePair<string, string>> Levels { get; } = [];

    /// <summary>Read once, before the logger is built: it throws on the first unknown level.</summary>
    public static LogLevelSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var logging = configuration.GetSection(SectionName);
        var settings = new LogLevelSettings();
        foreach (var levels in logging.GetChildren().Where(c => c.Key != "LogLevel").Select(c => c.GetSection("LogLevel")).Prepend(logging.GetSection("LogLevel")))
        {
            settings.Levels.AddRange(levels.GetChildren().Where(l => l.Value is not null).Select(l => KeyValuePair.Create(l.Path, l.Value!)));
        }

        return settings;
    }

    public IEnumerable<string> Invalid() =>
        Levels.Where(l => l.Value.Length > 0 && !Enum.TryParse<LogLevel>(l.Value, ignoreCase: true, out _)).Select(l => l.Key);

    public IEnumerable<string> Problems() =>
        Invalid().Select(path => $"{path} must be Trace, Debug, Information, Warning, Error, Critical or None.");
}
