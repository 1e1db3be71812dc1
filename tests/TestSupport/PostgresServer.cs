using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using DotNet.Testcontainers.Builders;
using Npgsql;
using Testcontainers.PostgreSql;

namespace Agentsgt.Tests.Support;

/// <summary>
/// A PostgreSQL server for integration tests. <see cref="StartAsync"/> picks, in order and without
/// ever skipping silently: the server named by AGENTSGT_TEST_DATABASE_URL, a postgres:15 container
/// when a Docker engine answers, or a throwaway local cluster built with the installed initdb/pg_ctl.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string DatabaseUrlVariable = "AGENTSGT_TEST_DATABASE_URL";
    private const string ContainerImage = "postgres:15";
    private const int PostgresContainerPort = 5432;
    private const int DatabaseSuffixLength = 8;
    private const int MaxIdentifierLength = 63;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly LocalPostgresCluster? _cluster;
    private readonly PostgreSqlContainer? _container;
    private readonly int _containerHostPort;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private int _disposed;

    private PostgresServer(
        string kind,
        string adminConnectionString,
        bool canStopAndStart,
        LocalPostgresCluster? cluster = null,
        PostgreSqlContainer? container = null,
        int containerHostPort = 0)
    {
        Kind = kind;
        AdminConnectionString = adminConnectionString;
        CanStopAndStart = canStopAndStart;
        _cluster = cluster;
        _container = container;
        _containerHostPort = containerHostPort;
    }

    /// <summary>"environment", "testcontainers" or "local-cluster".</summary>
    public string Kind { get; }

    /// <summary>Connection string to the server's 'postgres' maintenance database (superuser).</summary>
    public string AdminConnectionString { get; }

    public bool CanStopAndStart { get; }

    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var url = Environment.GetEnvironmentVariable(DatabaseUrlVariable);
        if (!string.IsNullOrWhiteSpace(url))
        {
            return await UseEnvironmentServerAsync(url, cancellationToken);
        }

        var port = LocalPostgresCluster.FindFreePort();
        var container = TryBuildContainer(port, out var dockerUnavailable);
        if (container is not null)
        {
            return await StartContainerAsync(container, port, cancellationToken);
        }

        var (binDirectory, searched) = await LocalPostgresCluster.FindBinDirectoryAsync(cancellationToken);
        if (binDirectory is null)
        {
            throw new InvalidOperationException(
                "No PostgreSQL server is available for the integration tests. Provide one of:\n"
                + $"  1. {DatabaseUrlVariable}: an Npgsql connection string for a superuser on the 'postgres' database, "
                + "e.g. Host=127.0.0.1;Port=5432;Username=postgres;Password=...;Database=postgres\n"
                + "  2. a running Docker engine (DOCKER_HOST or /var/run/docker.sock), so Testcontainers can start postgres:15\n"
                + "  3. a local PostgreSQL server installation with initdb and pg_ctl (e.g. apt-get install postgresql)\n"
                + $"Docker: {dockerUnavailable}\n"
                + $"Local initdb/pg_ctl: not found in {searched}");
        }

        var cluster = await LocalPostgresCluster.StartNewAsync(binDirectory, cancellationToken);
        return new PostgresServer("local-cluster", cluster.AdminConnectionString, canStopAndStart: true, cluster: cluster);
    }

    /// <summary>
    /// Creates a fresh, empty database named after <paramref name="prefix"/> plus a random suffix and
    /// returns its connection string (same host, port and user as the admin connection).
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        var name = UniqueDatabaseName(prefix);
        await using (var connection = new NpgsqlConnection(WithoutPooling(AdminConnectionString)))
        {
            await connection.OpenAsync(cancellationToken);
            // The name is built from [a-z0-9_] only, so quoting it is enough.
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var explicitKeys = ExplicitKeys(AdminConnectionString);
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name };
        if (!explicitKeys.Contains("POOLING"))
        {
            builder.Pooling = true;
        }

        if (!explicitKeys.Contains("MAXIMUMPOOLSIZE") && !explicitKeys.Contains("MAXPOOLSIZE"))
        {
            builder.MaxPoolSize = 100;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// Stops the server with a fast shutdown (sessions are disconnected). Connections pooled before
    /// the stop are dead afterwards; a test that does not care can call NpgsqlConnection.ClearAllPools().
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        EnsureCanStopAndStart();
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (_cluster is not null)
            {
                await _cluster.StopAsync(cancellationToken);
            }
            else
            {
                await _container!.StopAsync(cancellationToken);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Starts the server again on the same port with the same data and waits until it accepts connections.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        EnsureCanStopAndStart();
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (_cluster is not null)
            {
                await _cluster.StartAgainAsync(cancellationToken);
                return;
            }

            await _container!.StartAsync(cancellationToken);
            var port = _container.GetMappedPublicPort(PostgresContainerPort);
            if (port != _containerHostPort)
            {
                throw new InvalidOperationException(
                    $"The restarted container listens on host port {port}, not {_containerHostPort}; connection strings handed out earlier would be stale.");
            }

            await WaitUntilAcceptingAsync(AdminConnectionString, () => "Container: " + _container.Id, cancellationToken);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Freezes the server (SIGSTOP on every process of a local cluster, <c>docker pause</c> for a
    /// container): it keeps accepting TCP connections but never answers, as a hung host does.
    /// Disposing the result resumes it; always dispose it (await using).
    /// </summary>
    public async Task<IAsyncDisposable> FreezeAsync(CancellationToken cancellationToken = default)
    {
        EnsureCanStopAndStart();
        if (_cluster is not null)
        {
            await _cluster.SignalAllAsync("STOP", cancellationToken);
            return new Thaw(() => _cluster.SignalAllAsync("CONT", CancellationToken.None));
        }

        await _container!.PauseAsync(cancellationToken);
        return new Thaw(() => _container.UnpauseAsync(CancellationToken.None));
    }

    private sealed class Thaw(Func<Task> resume) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await resume();
    }

    /// <summary>Stops the server and removes its files or container. Safe to call twice, and after StopAsync.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Let an in-flight stop or start finish first, so it does not race the teardown.
        await _lifecycle.WaitAsync();
        try
        {
            if (_cluster is not null)
            {
                await _cluster.DisposeAsync();
            }

            if (_container is not null)
            {
                await _container.DisposeAsync();
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Polls with Npgsql until a query succeeds; pg_ctl/Docker "started" can precede that.</summary>
    internal static async Task WaitUntilAcceptingAsync(string connectionString, Func<string> diagnostics, CancellationToken cancellationToken)
    {
        var probe = new NpgsqlConnectionStringBuilder(WithoutPooling(connectionString)) { Timeout = 5 }.ConnectionString;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                return;
            }
            catch (Exception exception) when ((exception is NpgsqlException or TimeoutException) && !cancellationToken.IsCancellationRequested)
            {
                if (clock.Elapsed > ReadyTimeout)
                {
                    throw new InvalidOperationException(
                        $"PostgreSQL did not accept connections within {ReadyTimeout.TotalSeconds:0} s: {exception.Message}\n{diagnostics()}",
                        exception);
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private static async Task<PostgresServer> UseEnvironmentServerAsync(string connectionString, CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException($"{DatabaseUrlVariable} is not a valid Npgsql connection string: {exception.Message}", exception);
        }

        // Fail here, once and clearly, rather than in every test; never print the string (it may hold a password).
        try
        {
            await using var connection = new NpgsqlConnection(WithoutPooling(connectionString));
            await connection.OpenAsync(cancellationToken);
        }
        catch (NpgsqlException exception)
        {
            throw new InvalidOperationException(
                $"{DatabaseUrlVariable} is set (Host={builder.Host};Port={builder.Port};Database={builder.Database};Username={builder.Username}), "
                + $"but connecting with it failed: {exception.Message}",
                exception);
        }

        return new PostgresServer("environment", connectionString, canStopAndStart: false);
    }

    /// <summary>Testcontainers' own Docker discovery and ping decides; null when no engine answers.</summary>
    private static PostgreSqlContainer? TryBuildContainer(int hostPort, out string unavailableReason)
    {
        try
        {
            unavailableReason = string.Empty;
            return new PostgreSqlBuilder(ContainerImage)
                // A fixed host port survives a container restart; a random one would change.
                .WithPortBinding(hostPort, PostgresContainerPort)
                // Same locale as the local cluster, so ordering does not depend on which path ran.
                .WithEnvironment("POSTGRES_INITDB_ARGS", "--locale=C --encoding=UTF8")
                .WithCommand("-c", "max_connections=300")
                .Build();
        }
        catch (DockerUnavailableException exception)
        {
            unavailableReason = exception.Message;
            return null;
        }
    }

    private static async Task<PostgresServer> StartContainerAsync(PostgreSqlContainer container, int hostPort, CancellationToken cancellationToken)
    {
        try
        {
            await container.StartAsync(cancellationToken);
            var admin = container.GetConnectionString();
            await WaitUntilAcceptingAsync(admin, () => "Container: " + container.Id, cancellationToken);
            return new PostgresServer("testcontainers", admin, canStopAndStart: true, container: container, containerHostPort: hostPort);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await container.DisposeAsync();
            throw new InvalidOperationException(
                $"A Docker engine answered, but starting {ContainerImage} with Testcontainers failed: {exception.Message}\n"
                + $"Set {DatabaseUrlVariable} to use an existing server instead.",
                exception);
        }
    }

    private void EnsureCanStopAndStart()
    {
        if (!CanStopAndStart)
        {
            throw new NotSupportedException($"This PostgreSQL server (kind '{Kind}') cannot be stopped and started by the tests.");
        }
    }

    private static string UniqueDatabaseName(string prefix)
    {
        var stem = new StringBuilder(prefix.Length);
        foreach (var c in prefix.ToLowerInvariant())
        {
            stem.Append(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_' ? c : '_');
        }

        // Identifiers must not start with a digit to be valid unquoted, which keeps them easy to use in psql.
        if (stem.Length == 0 || char.IsAsciiDigit(stem[0]))
        {
            stem.Insert(0, "db_");
        }

        var maxStem = MaxIdentifierLength - 1 - DatabaseSuffixLength;
        if (stem.Length > maxStem)
        {
            stem.Length = maxStem;
        }

        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(DatabaseSuffixLength / 2));
        return $"{stem}_{suffix}";
    }

    // NpgsqlConnectionStringBuilder.ContainsKey answers "is this a known keyword", not "was it given", so parse generically.
    private static HashSet<string> ExplicitKeys(string connectionString)
    {
        var generic = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return generic.Keys.Cast<string>()
            .Select(key => key.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant())
            .ToHashSet(StringComparer.Ordinal);
    }

    // Internal probes and DDL must not leave idle connections in the pool the tests use.
    private static string WithoutPooling(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
}
