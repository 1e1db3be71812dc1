namespace Agentsgt.Api.Cli.Commands;

internal static class DemoCommands
{
    public static Command Create(CliContext cli) => new("demo", "Demo data for local runs.")
    {
        SeedCommand(cli),
    };

    private static Command SeedCommand(CliContext cli)
    {
        var envFile = new Option<string>("--env-file")
        {
            Description = "Write API_URL, ORG_ID, AGENT_ID, API_KEY, LIVEKIT_API_KEY, LIVEKIT_API_SECRET as KEY=VALUE lines here (mode 600), and reuse the key in it while it is valid.",
            HelpName = "PATH",
        };
        var apiUrl = new Option<string>("--api-url") { Description = "The API_URL line's value.", HelpName = "URL", DefaultValueFactory = _ => "http://localhost:5080" };
        var command = new Command("seed", "Create (or reuse) the demo organization, agent and API key. The secret goes only to --env-file, never to stdout.")
        {
            envFile,
            apiUrl,
        };
        command.SetAction(cli.Action(async (parse, session, cancellationToken) =>
        {
            var path = parse.GetValue(envFile);
            var url = parse.GetValue(apiUrl);
            if ((parse.GetResult(envFile) is not null && string.IsNullOrWhiteSpace(path)) || string.IsNullOrWhiteSpace(url))
            {
                throw new CliInputException("--env-file and --api-url need a non-blank value.");
            }

            session.RequirePersistentPepper();
            var existing = path is not null && File.Exists(path) ? ReadEnvFile(path).GetValueOrDefault("API_KEY") : null;
            var seeded = await session.Services.GetRequiredService<DemoSeeder>().SeedAsync(existing, cancellationToken).ConfigureAwait(false);
            if (path is not null)
            {
                await WriteEnvFileAsync(session, path, url.TrimEnd('/'), seeded, cancellationToken).ConfigureAwait(false);
            }

            if (session.Json)
            {
                await session.WriteJsonAsync(new { seeded.Created, seeded.OrganizationId, seeded.AgentId, seeded.PublicKey, envFile = path }).ConfigureAwait(false);
                return;
            }

            await session.WriteLineAsync(seeded.Created ? "Demo API key created." : "Demo API key reused.").ConfigureAwait(false);
        }));
        return command;
    }

    private static async Task WriteEnvFileAsync(CliSession session, string path, string apiUrl, DemoSeedResult seeded, CancellationToken cancellationToken)
    {
        // The settings the service itself signs with (LiveKit:* first, then LIVEKIT_*), not a re-read.
        var liveKit = session.Services.GetRequiredService<IOptions<LiveKitOptions>>().Value;
        var lines = new[]
        {
            $"API_URL={apiUrl}",
            $"ORG_ID={seeded.OrganizationId:D}",
            $"AGENT_ID={seeded.AgentId:D}",
            $"API_KEY={seeded.PublicKey}:{seeded.Secret}",
            $"LIVEKIT_API_KEY={liveKit.ApiKey}",
            $"LIVEKIT_API_SECRET={liveKit.ApiSecret}",
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);

        // The file holds a secret: created owner-only, and narrowed if it already existed.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            if (File.Exists(path))
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        var writer = new StreamWriter(path, options);
        await using (writer.ConfigureAwait(false))
        {
            foreach (var line in lines)
            {
                await writer.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static Dictionary<string, string> ReadEnvFile(string path) =>
        File.ReadAllLines(path)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0].Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1].Trim(), StringComparer.Ordinal);
}
