using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Agentsgt.Cluster.Tests;

/// <summary>
/// <c>scripts/cluster.sh</c> started for the tests (its own folder, env file and limits), its
/// <c>cluster.env</c>, and the faults the tests inject through it. Stopped with SIGTERM, as Ctrl-C would.
/// </summary>
internal sealed class ClusterRig : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(8);

    private readonly Process _script;
    private readonly string _dir;
    private readonly string _envFile;
    private readonly StringBuilder _output = new();

    private ClusterRig(Process script, string dir, string envFile)
    {
        _script = script;
        _dir = dir;
        _envFile = envFile;
    }

    public static string RepositoryRoot { get; } = FindRoot();

    public IReadOnlyDictionary<string, string> Env { get; private set; } = new Dictionary<string, string>();

    public string ApiUrl => Env["API_URL"];

    public string AgentId => Env["AGENT_ID"];

    public string OrgId => Env["ORG_ID"];

    public IReadOnlyList<string> InstanceUrls => Env["INSTANCE_URLS"].Split(' ');

    public IReadOnlyList<int> InstancePids => Env["INSTANCE_PIDS"].Split(' ').Select(int.Parse).ToList();

    public static async Task<ClusterRig> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var dir = Path.Combine(Path.GetTempPath(), "agentsgt-cluster-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var envFile = Path.Combine(dir, "cluster.env");
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot, "scripts", "cluster.sh"));
        start.Environment["CLUSTER_DIR"] = Path.Combine(dir, "cluster");
        start.Environment["CLUSTER_ENV_FILE"] = envFile;
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var rig = new ClusterRig(Process.Start(start)!, dir, envFile);
        rig._script.OutputDataReceived += (_, e) => rig.Append(e.Data);
        rig._script.ErrorDataReceived += (_, e) => rig.Append(e.Data);
        rig._script.BeginOutputReadLine();
        rig._script.BeginErrorReadLine();

        var clock = Stopwatch.StartNew();
        while (!File.Exists(envFile))
        {
            if (rig._script.HasExited || clock.Elapsed > StartTimeout)
            {
                var output = rig.Output;
                await rig.DisposeAsync();
                throw new InvalidOperationException($"scripts/cluster.sh did not start the cluster:\n{output}");
            }

            await Task.Delay(500);
        }

        rig.Env = ReadEnv(envFile);
        return rig;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Every line the instances logged so far.</summary>
    public IEnumerable<string> InstanceLogs() =>
        Directory.GetFiles(Env["CLUSTER_DIR"], "api*.log").SelectMany(File.ReadAllLines);

    /// <summary>The management CLI on the cluster's database (as an operator on any instance's host would run it).</summary>
    public async Task<JsonElement> CliJsonAsync(params string[] arguments) =>
        JsonDocument.Parse(await ScriptAsync(["cli", .. arguments, "--json"])).RootElement;

    /// <summary>scripts/cluster.sh with a command: cli …, redis-stop, redis-start, pg-stop, pg-start.</summary>
    public async Task<string> ScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot, "scripts", "cluster.sh"));
        arguments.ToList().ForEach(start.ArgumentList.Add);
        start.Environment["CLUSTER_ENV_FILE"] = _envFile;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/cluster.sh {string.Join(' ', arguments)} exited {process.ExitCode}: {await stderr}");
        }

        return await stdout;
    }

    /// <summary>A client whose connections come from <paramref name="localAddress"/> (a 127.x address): one "client address" per test.</summary>
    public static HttpClient Client(string localAddress, TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(15) };
    }

    public async ValueTask DisposeAsync()
    {
        if (!_script.HasExited)
        {
            // SIGTERM, like Ctrl-C: the script's trap stops everything it started.
            using (var kill = Process.Start("kill", ["-TERM", _script.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _script.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _script.Kill(entireProcessTree: true);
            }
        }

        _script.Dispose();
        KeepLogs();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A log still open somewhere: the temporary folder is left for the OS to clean.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The instances', HAProxy's and Redis's logs, and the script's output, to artifacts/cluster/ (git-ignored).</summary>
    private void KeepLogs()
    {
        var target = Path.Combine(RepositoryRoot, "artifacts", "cluster");
        Directory.CreateDirectory(target);
        var source = Path.Combine(_dir, "cluster");
        if (Directory.Exists(source))
        {
            foreach (var log in Directory.GetFiles(source, "*.log").Concat(Directory.GetFiles(source, "*.cfg")))
            {
                File.Copy(log, Path.Combine(target, Path.GetFileName(log)), overwrite: true);
            }
        }

        File.WriteAllText(Path.Combine(target, "cluster.sh.out"), Output);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static Dictionary<string, string> ReadEnv(string path) =>
        File.ReadAllLines(path)
            .Where(line => line.Contains('=', StringComparison.Ordinal))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1].Trim('"'));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "cluster.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("scripts/cluster.sh not found above " + AppContext.BaseDirectory);
    }
}
