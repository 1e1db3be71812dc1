using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using DotNet.Testcontainers.Builders;
using Npgsql;
using Testcontainers.PostgreSql;

namespace Agentsgt.Tests.Support;

/// <summary>
/// A PostgreSQL server for integration tests, picked in this order and never skipped: the server
/// named by AGENTSGT_TEST_DATABASE_URL, a postgres:15 container when a Docker engine answers
/// (Testcontainers), or a throwaway cluster built with the installed initdb and pg_ctl (run as the
/// 'postgres' OS user when the tests run as root) on a free loopback port, removed at the end.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string DatabaseUrlVariable = "AGENTSGT_TEST_DATABASE_URL";
    private const string ContainerImage = "postgres:15";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly PostgreSqlContainer? _container;
    private readonly string? _pgCtl;
    private readonly string? _root;
    private readonly string[] _runAs = [];
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private int _disposed;

    private PostgresServer(string kind, string adminConnectionString, PostgreSqlContainer? container = null)
    {
        Kind = kind;
        AdminConnectionString = adminConnectionString;
        _container = container;
    }

    private PostgresServer(string binDirectory, string root, string[] runAs, int port)
        : this("local-cluster", $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres")
    {
        _pgCtl = Path.Combine(binDirectory, "pg_ctl");
        _root = root;
        _runAs = runAs;
        Port = port;
    }

    /// <summary>"environment", "testcontainers" or "local-cluster".</summary>
    public string Kind { get; }

    /// <summary>Connection string to the server's 'postgres' maintenance database (superuser).</summary>
    public string AdminConnectionString { get; }

    /// <summary>True for a server this process started (container or local cluster); false for AGENTSGT_TEST_DATABASE_URL.</summary>
    public bool CanStopAndStart => Kind != "environment";

    private int Port { get; }

    private string DataDirectory => Path.Combine(_root!, "data");

    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var url = Environment.GetEnvironmentVariable(DatabaseUrlVariable);
        if (!string.IsNullOrWhiteSpace(url))
        {
            // Never print the string itself: it may hold a password.
            await WaitUntilAcceptingAsync(url, $"{DatabaseUrlVariable} is set, but connecting with it failed", TimeSpan.Zero, cancellationToken);
            return new PostgresServer("environment", url);
        }

        PostgreSqlContainer? container = null;
        var dockerProblem = string.Empty;
        try
        {
            container = new PostgreSqlBuilder(ContainerImage)
                .WithPortBinding(FreePort(), 5432) // a fixed host port survives a container restart
                .WithEnvironment("POSTGRES_INITDB_ARGS", "--locale=C --encoding=UTF8")
                .WithCommand("-c", "max_connections=300")
                .Build();
        }
        catch (DockerUnavailableException exception)
        {
            dockerProblem = exception.Message;
        }

        if (container is not null)
        {
            try
            {
                await container.StartAsync(cancellationToken);
                await WaitUntilAcceptingAsync(container.GetConnectionString(), "The postgres container does not answer", ReadyTimeout, cancellationToken);
                return new PostgresServer("testcontainers", container.GetConnectionString(), container);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                await container.DisposeAsync();
                throw new InvalidOperationException(
                    $"A Docker engine answered, but starting {ContainerImage} failed: {exception.Message}. Set {DatabaseUrlVariable} to use another server.",
                    exception);
            }
        }

        var binDirectory = FindBinDirectory() ?? throw new InvalidOperationException(
            "No PostgreSQL server for the integration tests. Provide one of: "
            + $"{DatabaseUrlVariable} (an Npgsql connection string for a superuser on the 'postgres' database); "
            + $"a Docker engine for Testcontainers (here: {dockerProblem}); "
            + "or a local PostgreSQL installation with initdb and pg_ctl (`pg_config --bindir` or /usr/lib/postgresql/*/bin; e.g. apt-get install postgresql).");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartLocalClusterAsync(binDirectory, cancellationToken);
            }
            catch (InvalidOperationException exception) when (attempt < 3 && exception.Message.Contains("could not bind", StringComparison.OrdinalIgnoreCase))
            {
                // Another process took the free port before postgres bound it: try another one.
            }
        }
    }

    /// <summary>Creates a fresh, empty database named after <paramref name="prefix"/> and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var stem = new string(prefix.ToLowerInvariant().Select(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) ? c : '_').Take(40).ToArray());
        var name = $"db_{stem}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        await using (var connection = new NpgsqlConnection(WithoutPooling(AdminConnectionString)))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Fast shutdown: sessions are disconnected, pooled connections are dead afterwards.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => UnderLockAsync(
        () => _container is not null ? _container.StopAsync(cancellationToken) : PgCtlAsync(cancellationToken, "stop", "-m", "fast"),
        cancellationToken);

    /// <summary>Starts the server again on the same port with the same data and waits until it accepts connections.</summary>
    public Task StartAgainAsync(CancellationToken cancellationToken = default) => UnderLockAsync(
        async () =>
        {
            await (_container is not null ? _container.StartAsync(cancellationToken) : StartClusterAsync(cancellationToken));
            await WaitUntilAcceptingAsync(AdminConnectionString, "The restarted server does not answer", ReadyTimeout, cancellationToken);
        },
        cancellationToken);

    /// <summary>
    /// Freezes the server (SIGSTOP to the postmaster and every backend; a paused container):
    /// connections stay open but nothing answers, as with a hung database host. Undo with <see cref="ThawAsync"/>.
    /// </summary>
    public Task FreezeAsync(CancellationToken cancellationToken = default) => UnderLockAsync(
        () => _container is not null ? _container.PauseAsync(cancellationToken) : SignalClusterAsync("-STOP", cancellationToken),
        cancellationToken);

    /// <summary>Resumes a server frozen by <see cref="FreezeAsync"/>.</summary>
    public Task ThawAsync(CancellationToken cancellationToken = default) => UnderLockAsync(
        () => _container is not null ? _container.UnpauseAsync(cancellationToken) : SignalClusterAsync("-CONT", cancellationToken),
        cancellationToken);

    /// <summary>Stops the server and removes its files or container. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _lifecycle.WaitAsync();
        try
        {
            if (_container is not null)
            {
                await _container.DisposeAsync();
            }
            else if (_root is not null)
            {
                AppDomain.CurrentDomain.ProcessExit -= StopAtExit;
                StopAtExit(null, EventArgs.Empty);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private static async Task<PostgresServer> StartLocalClusterAsync(string binDirectory, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException($"The throwaway cluster needs Linux or macOS; on Windows set {DatabaseUrlVariable} or run Docker.");
        }

        // PostgreSQL refuses to run as root and must own its data directory.
        var root = Path.Combine("/tmp", "agentsgt-pg-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5)));
        Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string[] runAs = Environment.IsPrivilegedProcess ? ["runuser", "-u", "postgres", "--"] : [];
        if (runAs.Length > 0)
        {
            await RunAsync(["chown", "postgres:", root], cancellationToken);
        }

        var server = new PostgresServer(binDirectory, root, runAs, FreePort());
        AppDomain.CurrentDomain.ProcessExit += server.StopAtExit;
        try
        {
            await RunAsync([.. runAs, Path.Combine(binDirectory, "initdb"), "-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C"], cancellationToken);
            File.AppendAllText(Path.Combine(server.DataDirectory, "postgresql.conf"), $"""

                listen_addresses = '127.0.0.1'
                port = {server.Port}
                unix_socket_directories = '{root}'
                max_connections = 300
                fsync = off
                """);

            // A test host killed on a hang timeout runs no ProcessExit: a detached watchdog stops the cluster then.
            await RunAsync(
                [.. runAs, "setsid", "-f", "/bin/sh", "-c",
                 "exec </dev/null >/dev/null 2>&1; while [ -d /proc/$1 ] && [ -d \"$4\" ]; do sleep 1; done; \"$2\" stop -D \"$3\" -m immediate; rm -rf -- \"$4\"",
                 "agentsgt-pg-watchdog", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), server._pgCtl!, server.DataDirectory, root],
                cancellationToken);
            await server.StartClusterAsync(cancellationToken);
            await WaitUntilAcceptingAsync(server.AdminConnectionString, "The local cluster does not answer (log: " + Path.Combine(root, "server.log") + ")", ReadyTimeout, cancellationToken);
            return server;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var log = Path.Combine(root, "server.log");
            var tail = File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(30)) : "(no server log)";
            await server.DisposeAsync();
            throw new InvalidOperationException($"Starting a local PostgreSQL cluster with {binDirectory} failed: {exception.Message}\nserver.log:\n{tail}", exception);
        }
    }

    private Task StartClusterAsync(CancellationToken cancellationToken) =>
        PgCtlAsync(cancellationToken, "start", "-l", Path.Combine(_root!, "server.log"));

    private Task PgCtlAsync(CancellationToken cancellationToken, params string[] arguments) =>
        RunAsync([.. _runAs, _pgCtl!, .. arguments.Take(1), "-D", DataDirectory, "-w", "-t", "50", .. arguments.Skip(1)], cancellationToken);

    /// <summary>Signals the postmaster, then its children (each backend is its own process group, so no group kill).</summary>
    private Task SignalClusterAsync(string signal, CancellationToken cancellationToken)
    {
        var postmaster = File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First().Trim();
        var children = Directory.GetDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(pid => pid!.All(char.IsAsciiDigit))
            .Where(pid =>
            {
                try
                {
                    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
                    var stat = File.ReadAllText($"/proc/{pid}/stat");
                    return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1] == postmaster;
                }
                catch (IOException)
                {
                    return false; // exited meanwhile
                }
            });
        return RunAsync(["kill", signal, postmaster, .. children!], cancellationToken);
    }

    private async Task UnderLockAsync(Func<Task> action, CancellationToken cancellationToken)
    {
        if (!CanStopAndStart)
        {
            throw new NotSupportedException($"A server from {DatabaseUrlVariable} cannot be stopped, started or frozen by the tests.");
        }

        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            await action();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops a local cluster at once and deletes its files; also the process-exit safety net. Never throws.</summary>
    private void StopAtExit(object? sender, EventArgs e)
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            BestEffort(() => SignalClusterAsync("-CONT", CancellationToken.None).Wait(TimeSpan.FromSeconds(10)));
            BestEffort(() => PgCtlAsync(CancellationToken.None, "stop", "-m", "immediate").Wait(TimeSpan.FromSeconds(60)));
        }

        BestEffort(() => Directory.Delete(_root!, recursive: true));
    }

    private void BestEffort(Action step)
    {
        try
        {
            step();
        }
        catch (Exception exception) when (exception is AggregateException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Trace.TraceWarning($"Cleaning up the test cluster {_root}: {exception.Message}");
        }
    }

    private static string? FindBinDirectory()
    {
        var candidates = new List<string>();
        try
        {
            candidates.Add(RunAsync(["pg_config", "--bindir"], CancellationToken.None).GetAwaiter().GetResult().Trim());
        }
        catch (InvalidOperationException)
        {
            // No pg_config: Debian keeps the server binaries under /usr/lib/postgresql/N/bin.
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var major) ? major : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    /// <summary>Runs a program with an argument list (no shell); throws with its output when it fails or overruns.</summary>
    private static async Task<string> RunAsync(string[] command, CancellationToken cancellationToken)
    {
        // "/" is readable by every user, so a command run as 'postgres' does not warn about the working directory.
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = "/" };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        var commandLine = string.Join(' ', command);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException($"Could not run `{commandLine}`: {exception.Message}", exception);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"`{commandLine}` did not finish within {CommandTimeout.TotalSeconds:0} s and was killed.");
        }

        var text = await output.WaitAsync(TimeSpan.FromSeconds(5)) + await error.WaitAsync(TimeSpan.FromSeconds(5));
        return process.ExitCode == 0 ? text : throw new InvalidOperationException($"`{commandLine}` exited with code {process.ExitCode}:\n{text.TrimEnd()}");
    }

    /// <summary>Polls until a query succeeds: pg_ctl's or Docker's "started" can come first.</summary>
    private static async Task WaitUntilAcceptingAsync(string connectionString, string problem, TimeSpan patience, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var probe = new NpgsqlConnectionStringBuilder(WithoutPooling(connectionString)) { Timeout = 5 }.ConnectionString;
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException or ArgumentException && !cancellationToken.IsCancellationRequested)
            {
                if (clock.Elapsed >= patience)
                {
                    throw new InvalidOperationException($"{problem}: {exception.Message}", exception);
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Probes and DDL must not leave idle connections in the pool the tests use.
    private static string WithoutPooling(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
}

/// <summary>
/// One PostgreSQL server per test process, started on first use and shared by every fixture;
/// fixtures isolate themselves with <see cref="PostgresServer.CreateDatabaseAsync"/>. A fixture
/// that stops or freezes its server starts its own with <see cref="PostgresServer.StartAsync"/>.
/// </summary>
public static class SharedPostgres
{
    // A failed start stays cached: every fixture then reports the same error instead of retrying.
    private static readonly Lazy<Task<PostgresServer>> Server = new(() => Task.Run(() => PostgresServer.StartAsync()));

    public static Task<PostgresServer> GetAsync() => Server.Value;
}
