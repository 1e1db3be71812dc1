using System.Text.RegularExpressions;

namespace Agentsgt.Api.UnitTests.Docs;

/// <summary>
/// Every C# name the docs quote in backticks (<c>Type</c>, <c>Type.Member</c>) still exists in src or tests,
/// so a rename cannot leave the docs behind. Paths, configuration keys, JSON fields and commands are not names.
/// </summary>
public sealed partial class DocsCodeNamesTests
{
    // Framework, library and PostgreSQL names the docs quote that no file of ours declares or uses by that name.
    private static readonly HashSet<string> Outside = new(StringComparer.Ordinal)
    {
        "AccessToken", "CacheEntry", "CommitTransactionCommand", "DefaultModelBindingContext", "ExecConstraints",
        "ExecInsertIndexTuples", "ForwardedHeadersMiddleware", "HttpContext.Items",
        "MediatR.Contracts", "Microsoft.AspNetCore.DataProtection", "RequestTimeouts", "SpanId", "System.IO.Hashing",
        "TokenSourceResponse", "TraceId", "TypeError", "ValidationVisitor",
    };

    private static readonly string Root = FindRoot();

    private static readonly Lazy<string[]> CodeFiles = new(() =>
        Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "tests"), "*.cs", SearchOption.AllDirectories))
            .Where(f => !Regex.IsMatch(f, @"[\\/](obj|bin)[\\/]") && !f.EndsWith(nameof(DocsCodeNamesTests) + ".cs", StringComparison.Ordinal))
            .ToArray());

    private static readonly Lazy<Dictionary<string, string>> Code = new(() => CodeFiles.Value.ToDictionary(f => f, File.ReadAllText));

    // Build properties (PublishReadyToRun, InvariantGlobalization) count as names too.
    private static readonly Lazy<HashSet<string>> Words = new(() =>
        Code.Value.Values
            .Concat(Directory.EnumerateFiles(Root, "*.*props", SearchOption.AllDirectories)
                .Concat(Directory.EnumerateFiles(Root, "*.csproj", SearchOption.AllDirectories))
                .Where(f => !Regex.IsMatch(f, @"[\\/](obj|bin|node_modules)[\\/]"))
                .Select(File.ReadAllText))
            .SelectMany(text => Word().Matches(text).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal));

    private static readonly Lazy<ILookup<string, string>> Declarations = new(() =>
        Code.Value.SelectMany(file => Declaration().Matches(file.Value).Select(m => (Type: m.Groups[1].Value, Text: file.Value)))
            .ToLookup(d => d.Type, d => d.Text, StringComparer.Ordinal));

    public static IEnumerable<string> DocFiles() =>
        Directory.EnumerateFiles(Path.Combine(FindRoot(), "docs"), "*.md").Append(Path.Combine(FindRoot(), "README.md"))
            .Select(f => Path.GetRelativePath(FindRoot(), f)).Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(DocFiles))]
    public void EveryCodeNameInBackticks_StillExists(string doc)
    {
        var stale = CodeNames(File.ReadAllText(Path.Combine(Root, doc)))
            .Where(name => !Outside.Contains(name) && !Exists(name))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.That(stale, Is.Empty, $"{doc} names code that no longer exists: {string.Join(", ", stale)}");
    }

    [TestCase("`PersistenceSetup.ServiceConnectionString`", "PersistenceSetup.ServiceConnectionString")]
    [TestCase("`ApiKey.Check(...)` and `IssueVoiceTokenCommand`", "ApiKey.Check", "IssueVoiceTokenCommand")]
    [TestCase("`TokenEndpointAttribute<TRequest>`", "TokenEndpointAttribute")]
    [TestCase("`Database:MaxPoolSize`, `src/Api/Program.cs`, `visitorId`, `dotnet test`, `LIVEKIT_URL`, `Development`, `Retry-After`")]
    public void ReadsTypesAndMembers_NotPathsKeysFieldsOrCommands(string markdown, params string[] expected)
    {
        Assert.That(CodeNames(markdown), Is.EqualTo(expected));
    }

    [Test]
    public void FindsARenamedMember()
    {
        Assert.That(Exists("PersistenceSetup.ServiceConnectionString"), Is.True);
        Assert.That(Exists("PersistenceSetup.ConnectionString"), Is.False);
        Assert.That(Exists("ApiKeyCheck.Ok"), Is.True);
        Assert.That(Exists("ParticipantText"), Is.False);
    }

    internal static IEnumerable<string> CodeNames(string markdown)
    {
        var withoutFences = FencedBlock().Replace(markdown, string.Empty);
        foreach (Match span in InlineCode().Matches(withoutFences))
        {
            var text = Generic().Replace(Call().Replace(span.Groups[1].Value, string.Empty), string.Empty);
            if (Name().IsMatch(text) && (text.Contains('.', StringComparison.Ordinal) || Compound().IsMatch(text)))
            {
                yield return text;
            }
        }
    }

    private static bool Exists(string name)
    {
        var parts = name.Split('.');
        var declaring = Declarations.Value[parts[0]].ToList();
        if (parts.Length == 1)
        {
            return Words.Value.Contains(name);
        }

        if (Code.Value.Values.Any(text => text.Contains(name, StringComparison.Ordinal)))
        {
            return true;
        }

        // A member of one of our types must be declared where the type is; another library's type only has to be used.
        var member = parts[^1];
        return declaring.Count > 0
            ? declaring.Any(text => Regex.IsMatch(text, $@"([\w>\])?]\s+|^\s*){member}\b\s*([({{;=<,)]|=>|$)", RegexOptions.Multiline))
            : parts.All(Words.Value.Contains);
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Agentsgt.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Agentsgt.sln not found above the test's folder.");
    }

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum|delegate)\s+(?:[\w<>?]+\s+)?([A-Z]\w*)")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"`([^`\n]+)`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"\([^)]*\)$")]
    private static partial Regex Call();

    [GeneratedRegex(@"<[A-Za-z, ]*>")]
    private static partial Regex Generic();

    // PascalCase identifiers joined by dots: Type, Type.Member, Namespace.Type.Member, Tests.Check2_Name.
    [GeneratedRegex(@"^[A-Z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9_]*)*$")]
    private static partial Regex Name();

    // One word with a second capital after a lowercase letter (ApiKeyRepository), not a plain word (Development).
    [GeneratedRegex(@"^[A-Z][a-z0-9]+[A-Z]")]
    private static partial Regex Compound();
}
