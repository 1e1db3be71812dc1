using System.Diagnostics;

namespace Agentsgt.Tests.Support;

/// <summary>
/// One PostgreSQL server per test process, started on first use and shared by every fixture, so a
/// test assembly pays for one server start. Fixtures isolate themselves with
/// <see cref="PostgresServer.CreateDatabaseAsync"/>. Fixtures that stop the server must not use this one.
/// </summary>
public static class SharedPostgres
{
    private static readonly TimeSpan ExitDisposeTimeout = TimeSpan.FromSeconds(60);

    // A failed start stays cached: every fixture then reports the same clear error instead of retrying a slow start.
    private static readonly Lazy<Task<PostgresServer>> Server = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<PostgresServer> GetAsync() => Server.Value;

    private static Task<PostgresServer> Start()
    {
        // Subscribed before the server's own immediate-stop safety net, so a clean shutdown runs first.
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        // Task.Run: the first caller's context must not be captured by a start shared with other fixtures.
        return Task.Run(() => PostgresServer.StartAsync());
    }

    private static void OnProcessExit(object? sender, EventArgs e)
    {
        var start = Server.Value;
        if (!start.IsCompletedSuccessfully)
        {
            return;
        }

        try
        {
            if (!start.Result.DisposeAsync().AsTask().Wait(ExitDisposeTimeout))
            {
                Trace.TraceWarning("Disposing the shared PostgreSQL server at process exit timed out.");
            }
        }
        catch (AggregateException exception)
        {
            // Throwing from ProcessExit would crash the test host after a green run.
            Trace.TraceWarning($"Disposing the shared PostgreSQL server at process exit failed: {exception.InnerException?.Message}");
        }
    }
}
