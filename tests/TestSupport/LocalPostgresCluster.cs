using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Agentsgt.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster in a temp directory, driven by the installed initdb and pg_ctl.
/// Used when neither AGENTSGT_TEST_DATABASE_URL nor a Docker engine is available.
/// </summary>
internal sealed class LocalPostgresCluster
{
    private const string OsUser = "postgres";
    private const string SettingsFile = "agentsgt_test.conf";
    private const int MaxStartAttempts = 3;
    private const int LogTailLines = 40;

    // pg_ctl's own -t must end before our process timeout so that its message, not ours, is reported.
    private const string PgCtlWaitSeconds = "50";

    // sockaddr_un.sun_path is 108 bytes on Linux, including the terminating NUL.
    private const int MaxSocketPathBytes = 107;

    private readonly string _pgCtl;
    private readonly IReadOnlyList<string> _runAsPrefix;
    private readonly EventHandler _processExitHandler;
    private long _logLengthBeforeStart;
    private int _cleanedUp;

    private LocalPostgresCluster(string pgCtl, IReadOnlyList<string> runAsPrefix, string rootDirectory)
    {
        _pgCtl = pgCtl;
        _runAsPrefix = runAsPrefix;
        RootDirectory = rootDirectory;
        _processExitHandler = OnProcessExit;
    }

    public string RootDirectory { get; }

    public string DataDirectory => Path.Combine(RootDirectory, "data");

    public string SocketDirectory => Path.Combine(RootDirectory, "sock");

    public string LogFile => Path.Combine(RootDirectory, "server.log");

    public int Port { get; private set; }

    public bool IsRunning { get; private set; }

    public string AdminConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = "postgres",
    }.ConnectionString;

    /// <summary>
    /// The first directory holding both initdb and pg_ctl: PATH, then pg_config --bindir, then the
    /// highest /usr/lib/postgresql/N/bin (Debian and Ubuntu keep the server binaries off PATH).
    /// </summary>
    public static async Task<(string? Directory, string Searched)> FindBinDirectoryAsync(CancellationToken cancellationToken)
    {
        var candidates = new List<string>();
        var initdbOnPath = ExternalCommand.FindExecutable("initdb");
        if (initdbOnPath is not null)
        {
            candidates.Add(Path.GetDirectoryName(initdbOnPath)!);
        }

        var pgConfig = ExternalCommand.FindExecutable("pg_config");
        if (pgConfig is not null)
        {
            try
            {
                var result = await ExternalCommand.RunAsync(pgConfig, ["--bindir"], cancellationToken: cancellationToken);
                if (result.Succeeded && !string.IsNullOrWhiteSpace(result.StandardOutput))
                {
                    candidates.Add(result.StandardOutput.Trim());
                }
            }
            catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
            {
                // A broken pg_config only removes one candidate; the next ones may still work.
            }
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            candidates.AddRange(Directory.GetDirectories(debianRoot)
                .Select(directory => (directory, version: Version.TryParse(NormalizeVersion(Path.GetFileName(directory)), out var v) ? v : null))
                .Where(entry => entry.version is not null)
                .OrderByDescending(entry => entry.version)
                .Select(entry => Path.Combine(entry.directory, "bin")));
        }

        var found = candidates.FirstOrDefault(directory =>
            ExternalCommand.IsExecutableFile(Path.Combine(directory, "initdb"))
            && ExternalCommand.IsExecutableFile(Path.Combine(directory, "pg_ctl")));
        var searched = "PATH, " + (pgConfig is null ? "pg_config (not found), " : "pg_config --bindir, ") + debianRoot + "/*/bin"
            + (candidates.Count > 0 ? " (candidates: " + string.Join(", ", candidates.Distinct()) + ")" : string.Empty);
        return (found, searched);
    }

    public static async Task<LocalPostgresCluster> StartNewAsync(string binDirectory, CancellationToken cancellationToken)
    {
        var runAsPostgres = IsRoot();
        var runAsPrefix = runAsPostgres ? await GetRunAsPostgresPrefixAsync(cancellationToken) : [];
        var baseDirectory = ChooseBaseDirectory(runAsPostgres);
        var rootDirectory = Path.Combine(baseDirectory, "agentsgt-pg-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(5)));

        var cluster = new LocalPostgresCluster(Path.Combine(binDirectory, "pg_ctl"), runAsPrefix, rootDirectory);
        CreatePrivateDirectory(rootDirectory);
        CreatePrivateDirectory(cluster.SocketDirectory);

        // From here on a crash or a forgotten Dispose must not leave a postgres process behind.
        AppDomain.CurrentDomain.ProcessExit += cluster._processExitHandler;
        try
        {
            if (runAsPostgres)
            {
                // PostgreSQL refuses to run as root, and insists on owning its data directory.
                var chown = ExternalCommand.FindExecutable("chown", "/usr/bin", "/bin")
                    ?? throw new InvalidOperationException("Running as root, but `chown` was not found to hand the cluster directory to the 'postgres' user.");
                EnsureSucceeded(await ExternalCommand.RunAsync(chown, ["-R", OsUser + ":", rootDirectory], cancellationToken: cancellationToken));
            }

            await cluster.StartWatchdogAsync(cancellationToken);

            // --locale=C: deterministic sorting, and no dependency on which OS locales are installed.
            EnsureSucceeded(
                await cluster.RunAsServerUserAsync(
                    Path.Combine(binDirectory, "initdb"),
                    ["-D", cluster.DataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C"],
                    cancellationToken));

            // Our settings live in their own file so a port retry can rewrite it without touching postgresql.conf again.
            await File.AppendAllTextAsync(
                Path.Combine(cluster.DataDirectory, "postgresql.conf"),
                $"\n# Added by Agentsgt.Tests.Support for a throwaway test cluster.\ninclude '{SettingsFile}'\n",
                cancellationToken);
            cluster.Port = FindFreePort();
            await cluster.WriteSettingsAsync(cancellationToken);

            await cluster.StartAsync(allowPortRetry: true, cancellationToken);
            return cluster;
        }
        catch
        {
            // The caller never gets the instance, so nothing else could clean this up.
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again) with the data and port it already has, and waits until it accepts connections.</summary>
    public Task StartAgainAsync(CancellationToken cancellationToken) =>
        IsRunning ? Task.CompletedTask : StartAsync(allowPortRetry: false, cancellationToken);

    /// <summary>
    /// Sends <paramref name="signal"/> (STOP or CONT) to the postmaster and every process it forked
    /// (backends, checkpointer, …): STOP freezes the server as a hung host would, CONT resumes it.
    /// The postmaster is stopped first so it forks nothing in between.
    /// </summary>
    public async Task SignalAllAsync(string signal, CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        var postmaster = int.Parse((await File.ReadAllLinesAsync(pidFile, cancellationToken))[0].Trim(), CultureInfo.InvariantCulture);
        var children = Directory.GetDirectories("/proc")
            .Select(directory => int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ParentOf(pid) == postmaster)
            .Select(pid => pid.ToString(CultureInfo.InvariantCulture));
        var kill = ExternalCommand.FindExecutable("kill", "/usr/bin", "/bin")
            ?? throw new InvalidOperationException("`kill` was not found to signal the local PostgreSQL cluster.");
        var postmasterId = postmaster.ToString(CultureInfo.InvariantCulture);
        string[] order = signal == "STOP" ? [postmasterId, .. children] : [.. children, postmasterId];
        EnsureSucceeded(await ExternalCommand.RunAsync(kill, [.. order.Prepend("-" + signal)], cancellationToken: cancellationToken));
    }

    private static int ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Fast shutdown: open sessions are disconnected and their transactions rolled back.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!IsRunning && !PidFileExists())
        {
            return;
        }

        var result = await RunAsServerUserAsync(
            _pgCtl,
            ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", PgCtlWaitSeconds],
            cancellationToken);
        if (!result.Succeeded && PidFileExists())
        {
            throw Failure("Stopping the local PostgreSQL cluster failed.", result);
        }

        IsRunning = false;
    }

    /// <summary>Stops the server if it runs and deletes the temp directory. Never throws.</summary>
    public async Task DisposeAsync()
    {
        if (Interlocked.Exchange(ref _cleanedUp, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= _processExitHandler;
        try
        {
            await StopAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
        {
            StopImmediately();
        }

        DeleteRootDirectory();
    }

    /// <summary>
    /// ProcessExit does not run when the test host is killed (SIGKILL on a hang timeout) and, on .NET 10,
    /// not on SIGTERM either. A detached shell polls for our process and stops the cluster once it is
    /// gone; it exits by itself when DisposeAsync has removed the directory. Best effort.
    /// </summary>
    private async Task StartWatchdogAsync(CancellationToken cancellationToken)
    {
        // Paths arrive as positional parameters, so nothing is spliced into the script text.
        const string script = """
            exec </dev/null >/dev/null 2>&1
            while [ -d "/proc/$1" ] && [ -d "$4" ]; do sleep 1; done
            [ -f "$3/postmaster.pid" ] && "$2" stop -D "$3" -m immediate -w -t 20
            rm -rf -- "$4"
            """;
        var setsid = ExternalCommand.FindExecutable("setsid", "/usr/bin", "/bin");
        if (setsid is null)
        {
            Trace.TraceWarning("`setsid` not found: a killed test process may leave its PostgreSQL cluster running.");
            return;
        }

        // setsid -f: a new session outside our process tree, so Ctrl+C and tree kills of the test host miss it.
        var result = await RunAsServerUserAsync(
            setsid,
            ["-f", "/bin/sh", "-c", script, "agentsgt-pg-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), _pgCtl, DataDirectory, RootDirectory],
            cancellationToken);
        if (!result.Succeeded)
        {
            Trace.TraceWarning("Could not start the PostgreSQL cluster watchdog: " + result.Describe());
        }
    }

    private async Task StartAsync(bool allowPortRetry, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            _logLengthBeforeStart = File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;
            var result = await RunAsServerUserAsync(
                _pgCtl,
                ["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", PgCtlWaitSeconds],
                cancellationToken);
            if (result.Succeeded)
            {
                break;
            }

            // pg_ctl gives up after -t but leaves a slow postmaster running; do not leak it.
            StopImmediately();
            var log = ReadNewLog();
            var portTaken = log.Contains("could not bind", StringComparison.OrdinalIgnoreCase)
                || log.Contains("Address already in use", StringComparison.OrdinalIgnoreCase);
            if (allowPortRetry && portTaken && attempt < MaxStartAttempts)
            {
                // Another process grabbed the port between our probe and the bind; pick another.
                Port = FindFreePort();
                await WriteSettingsAsync(cancellationToken);
                continue;
            }

            throw Failure($"Starting the local PostgreSQL cluster on 127.0.0.1:{Port} failed.", result);
        }

        IsRunning = true;
        await PostgresServer.WaitUntilAcceptingAsync(
            AdminConnectionString,
            () => $"Server log {LogFile}, last lines:\n{Tail(ReadNewLog())}",
            cancellationToken);
    }

    private async Task WriteSettingsAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(DataDirectory, SettingsFile);
        var settings = new StringBuilder()
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo.InvariantCulture, $"port = {Port}")
            .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{SocketDirectory.Replace("'", "''", StringComparison.Ordinal)}'")
            .AppendLine("max_connections = 300")
            // Only durability against an OS crash is lost; a stopped server still keeps its data.
            .AppendLine("fsync = off")
            .ToString();
        await File.WriteAllTextAsync(path, settings, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            // Written by root under a strict umask it would be unreadable for the 'postgres' user.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    private Task<CommandResult> RunAsServerUserAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        ExternalCommand.RunAsync(
            _runAsPrefix.Count == 0 ? program : _runAsPrefix[0],
            _runAsPrefix.Skip(1).Concat(_runAsPrefix.Count == 0 ? arguments : arguments.Prepend(program)),
            cancellationToken: cancellationToken);

    /// <summary>SIGQUIT via pg_ctl; used on failures and at process exit. Never throws.</summary>
    private void StopImmediately()
    {
        if (!PidFileExists())
        {
            return;
        }

        try
        {
            RunAsServerUserAsync(_pgCtl, ["stop", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "20"], CancellationToken.None)
                .GetAwaiter().GetResult();
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
        {
            Trace.TraceWarning($"pg_ctl stop -m immediate failed for {DataDirectory}: {exception.Message}");
        }

        IsRunning = false;
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        if (Interlocked.Exchange(ref _cleanedUp, 1) != 0)
        {
            return;
        }

        StopImmediately();
        DeleteRootDirectory();
    }

    private void DeleteRootDirectory()
    {
        for (var attempt = 1; attempt <= 3 && Directory.Exists(RootDirectory); attempt++)
        {
            try
            {
                Directory.Delete(RootDirectory, recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // A postmaster that is still exiting may be removing its own files at the same time.
                if (attempt == 3)
                {
                    Trace.TraceWarning($"Could not delete the test cluster directory {RootDirectory}: {exception.Message}");
                }
                else
                {
                    Thread.Sleep(200);
                }
            }
        }
    }

    private bool PidFileExists() => File.Exists(Path.Combine(DataDirectory, "postmaster.pid"));

    private InvalidOperationException Failure(string summary, CommandResult result) =>
        new($"{summary}\n{result.Describe()}\nServer log {LogFile}, last lines:\n{Tail(ReadNewLog())}");

    private string ReadNewLog()
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Min(_logLengthBeforeStart, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"(could not read {LogFile}: {exception.Message})";
        }
    }

    private static string Tail(string log)
    {
        var lines = log.TrimEnd().Split('\n');
        var tail = string.Join('\n', lines.TakeLast(LogTailLines));
        return tail.Length == 0 ? "(empty)" : tail;
    }

    private static void EnsureSucceeded(CommandResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Setting up the local PostgreSQL cluster failed.\n" + result.Describe());
        }
    }

    internal static int FindFreePort()
    {
        // Port 0 asks the kernel for a free port; the small race until postgres binds is handled by a retry.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static bool IsRoot()
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        if (Environment.UserName == "root")
        {
            return true;
        }

        // "Uid:\treal\teffective\tsaved\tfs" - the effective uid decides what the kernel allows.
        try
        {
            var uidLine = File.ReadLines("/proc/self/status").FirstOrDefault(line => line.StartsWith("Uid:", StringComparison.Ordinal));
            var fields = uidLine?.Split('\t', StringSplitOptions.RemoveEmptyEntries);
            return fields is { Length: > 2 } && fields[2] == "0";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task<IReadOnlyList<string>> GetRunAsPostgresPrefixAsync(CancellationToken cancellationToken)
    {
        var id = ExternalCommand.FindExecutable("id", "/usr/bin", "/bin");
        if (id is not null)
        {
            var lookup = await ExternalCommand.RunAsync(id, ["-u", OsUser], cancellationToken: cancellationToken);
            if (!lookup.Succeeded)
            {
                throw new InvalidOperationException(
                    "The tests run as root, and PostgreSQL refuses to run as root, but there is no 'postgres' OS user to run the "
                    + "local cluster as. Install the postgresql package (it creates the user), create the user "
                    + "(useradd --system postgres), run the tests as a non-root user, or set AGENTSGT_TEST_DATABASE_URL.\n"
                    + lookup.Describe());
            }
        }

        var runuser = ExternalCommand.FindExecutable("runuser", "/usr/sbin", "/sbin", "/usr/bin", "/bin");
        if (runuser is not null)
        {
            return [runuser, "-u", OsUser, "--"];
        }

        // su hands the arguments after the user name to the shell as $0 and $@, so nothing is re-parsed.
        var su = ExternalCommand.FindExecutable("su", "/usr/bin", "/bin");
        if (su is not null)
        {
            return [su, "-s", "/bin/sh", "-c", "exec \"$0\" \"$@\"", OsUser];
        }

        throw new InvalidOperationException(
            "The tests run as root, and PostgreSQL refuses to run as root, but neither `runuser` nor `su` was found to switch to the "
            + "'postgres' user. Run the tests as a non-root user or set AGENTSGT_TEST_DATABASE_URL.");
    }

    /// <summary>
    /// The temp directory, unless the 'postgres' user could not reach it (e.g. TMPDIR under /root)
    /// or the socket path would be too long; then /tmp.
    /// </summary>
    private static string ChooseBaseDirectory(bool runAsPostgres)
    {
        var rejected = new List<string>();
        foreach (var candidate in new[] { Path.GetTempPath(), "/tmp" }.Select(Path.GetFullPath).Distinct())
        {
            // Root dir name + "/sock/.s.PGSQL.65535" must fit in sun_path.
            var socketPath = Path.Combine(candidate, "agentsgt-pg-0123456789", "sock", ".s.PGSQL.65535");
            if (!Directory.Exists(candidate))
            {
                rejected.Add($"{candidate} (does not exist)");
            }
            else if (Encoding.UTF8.GetByteCount(socketPath) > MaxSocketPathBytes)
            {
                rejected.Add($"{candidate} (path too long for a unix socket)");
            }
            else if (runAsPostgres && !TraversableByOthers(candidate))
            {
                rejected.Add($"{candidate} (a parent directory is not traversable by the 'postgres' user)");
            }
            else
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "No usable temp directory for a local PostgreSQL cluster: " + string.Join("; ", rejected)
            + ". Point TMPDIR at a directory every user can traverse, or set AGENTSGT_TEST_DATABASE_URL.");
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static bool TraversableByOthers(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            if ((current.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }

        return true;
    }

    // "15" alone is not a System.Version; "9.6" is.
    private static string NormalizeVersion(string name) => name.Contains('.', StringComparison.Ordinal) ? name : name + ".0";
}
