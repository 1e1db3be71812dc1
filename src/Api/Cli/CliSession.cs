using Agentsgt.Infrastructure.Security;

namespace Agentsgt.Api.Cli;

internal sealed class CliSession(IServiceProvider services, TextWriter output, TextWriter error, bool json)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public IServiceProvider Services { get; } = services;

    public IMediator Mediator => Services.GetRequiredService<IMediator>();

    public bool Json { get; } = json;

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public static string Time(DateTimeOffset? value) =>
        value is { } time ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";

    public Task WriteJsonAsync<T>(T value) => Output.WriteLineAsync(JsonSerializer.Serialize(value, JsonOptions));

    public Task WriteLineAsync(string line = "") => Output.WriteLineAsync(line);

    public Task WarnAsync(string message) => Error.WriteLineAsync("warning: " + message);

    public Task WriteFieldsAsync(IReadOnlyList<(string Label, string Value)> fields)
    {
        var width = fields.Max(f => f.Label.Length) + 2;
        var text = new StringBuilder();
        foreach (var (label, value) in fields)
        {
            text.Append("  ").Append((label + ":").PadRight(width)).Append(CliText.Printable(value)).Append('\n');
        }

        return Output.WriteAsync(text.ToString());
    }

    public Task WriteTableAsync(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, string empty)
    {
        if (rows.Count == 0)
        {
            return Output.WriteLineAsync(empty);
        }

        var cells = rows.Select(r => r.Select(CliText.Printable).ToList()).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, cells.Max(r => r[i].Length))).ToList();
        var text = new StringBuilder();
        AppendRow(text, headers, widths);
        foreach (var row in cells)
        {
            AppendRow(text, row, widths);
        }

        return Output.WriteAsync(text.ToString());
    }

    // A pepper made up for this process could never verify the key's hash in the API: the key would never work.
    public void RequirePersistentPepper()
    {
        if (Services.GetRequiredService<IOptions<ApiKeyHashingOptions>>().Value.UsesGeneratedDevelopmentPepper)
        {
            throw new CliInputException(
                "no API key pepper is configured (ApiKeys__Peppers__<id>): a key hashed with a pepper made up for this process would never work in the API.");
        }
    }

    private static void AppendRow(StringBuilder text, IReadOnlyList<string> row, List<int> widths)
    {
        for (var i = 0; i < row.Count; i++)
        {
            text.Append(i == row.Count - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
        }

        text.Append('\n');
    }
}
