using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

// Usage: Agentsgt.TestReport <results-directory> [--failed <file.tap>]...
// Sums every *.trx (dotnet test) and every *.tap (node --test and other TAP runners) in the
// directory and prints one closing line for CI: "tests: N passed, N failed, N skipped".
// --failed names a TAP report whose runner exited non-zero: if it records no failure (its set-up
// failed before or outside the tests), it counts as one. Exit code 1 when anything failed, when
// there is no TRX report, or when a runner passed nothing.
if (args.Length == 0 || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("usage: Agentsgt.TestReport <results-directory> [--failed <file.tap>]...");
    return 2;
}

var directory = args[0];
var failedRunners = args.Skip(1).Chunk(2).Where(pair => pair is ["--failed", _]).Select(pair => pair[1]).ToHashSet(StringComparer.Ordinal);
var trxFiles = Directory.GetFiles(directory, "*.trx").Order(StringComparer.Ordinal).ToList();
var dotnet = trxFiles.Select(ReadTrx).Aggregate(Counts.Zero, (sum, next) => sum + next);
Console.WriteLine($"  dotnet test: {dotnet} ({trxFiles.Count} projects)");

var total = dotnet;
var ok = trxFiles.Count > 0 && dotnet.Passed > 0;
var tapFiles = Directory.GetFiles(directory, "*.tap").Select(Path.GetFileName).Concat(failedRunners).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
foreach (var name in tapFiles)
{
    var path = Path.Combine(directory, name!);
    var counts = File.Exists(path) ? ReadTap(path) : Counts.Zero;
    if (failedRunners.Contains(name!) && counts.Failed == 0)
    {
        counts = counts with { Failed = 1 };
    }

    Console.WriteLine($"  {name}: {counts}");
    total += counts;
    ok &= counts.Passed > 0;
}

Console.WriteLine($"tests: {total.Passed} passed, {total.Failed} failed, {total.Skipped} skipped");
return ok && total.Failed == 0 ? 0 : 1;

static Counts ReadTrx(string path)
{
    XNamespace t = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
    var counters = XDocument.Load(path).Root?.Element(t + "ResultSummary")?.Element(t + "Counters")
        ?? throw new InvalidDataException($"{path} has no ResultSummary/Counters.");
    int Count(string name) => int.Parse(counters.Attribute(name)?.Value ?? "0", CultureInfo.InvariantCulture);
    return new Counts(Count("passed"), Count("failed") + Count("error") + Count("timeout") + Count("aborted"), Count("notExecuted"));
}

// The closing summary a TAP runner prints: "# pass N", "# fail N", "# cancelled N", "# skipped N", "# todo N".
static Counts ReadTap(string path)
{
    var summary = File.ReadLines(path)
        .Select(line => Regex.Match(line.Trim(), @"^# (pass|fail|cancelled|skipped|todo) (\d+)$"))
        .Where(match => match.Success)
        .GroupBy(match => match.Groups[1].Value)
        .ToDictionary(group => group.Key, group => int.Parse(group.Last().Groups[2].Value, CultureInfo.InvariantCulture));
    int Count(string name) => summary.GetValueOrDefault(name);
    return new Counts(Count("pass"), Count("fail") + Count("cancelled"), Count("skipped") + Count("todo"));
}

internal sealed record Counts(int Passed, int Failed, int Skipped)
{
    public static readonly Counts Zero = new(0, 0, 0);

    public static Counts operator +(Counts left, Counts right) =>
        new(left.Passed + right.Passed, left.Failed + right.Failed, left.Skipped + right.Skipped);

    public override string ToString() => $"{Passed} passed / {Failed} failed / {Skipped} skipped";
}
