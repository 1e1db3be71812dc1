using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace Agentsgt.Api.IntegrationTests.Support;

/// <summary>
/// The API as an operator runs it: its own process (<c>dotnet Agentsgt.Api.dll</c>, the build copied
/// beside the tests) on Kestrel at a loopback port, configured only by environment variables.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private ApiProcess(Process process, ConcurrentQueue<string> output, string url)
    {
        _process = process;
        _output = output;
        Url = url;
    }

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; }

    /// <summary>What the process printed so far, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>What an operator sets for a Production instance on <paramref name="connectionString"/>, plus <paramref name="more"/>.</summary>
    public static Dictionary<string, string> Production(string connectionString, IEnumerable<KeyValuePair<string, string>>? more = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Agentsgt"] = connectionString,
            ["ApiKeys__Peppers__test"] = ApiFactory.Pepper,
            ["ApiKeys__CurrentPepperId"] = "test",
            ["LIVEKIT_URL"] = ApiFactory.LiveKitUrl,
            ["LIVEKIT_API_KEY"] = ApiFactory.LiveKitApiKey,
            ["LIVEKIT_API_SECRET"] = ApiFactory.LiveKitApiSecret,
        };
        foreach (var (name, value) in more ?? [])
        {
            environment[name] = value;
        }

        return environment;
    }

    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var url = $"http://127.0.0.1:{FreePort()}";
        var startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Agentsgt.Api.dll"));
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add(url);
        // A fast start, as in ApiFactory, unless the test sets it.
        startInfo.Environment["Warmup__Enabled"] = "false";
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var api = new ApiProcess(process, output, url);
        try
        {
            await api.WaitUntilServingAsync();
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }

        return api;
    }

    /// <summary>
    /// Stops the API as an orchestrator does (SIGTERM) and waits for it to exit; returns its exit
    /// code. Throws when it has not exited within <paramref name="timeout"/>.
    /// </summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The API did not exit within {timeout.TotalSeconds:0} s of SIGTERM:\n{Output}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Keep(ConcurrentQueue<string> output, string? line)
    {
        if (line is not null && output.Count < 500)
        {
            output.Enqueue(line);
        }
    }

    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The API exited with code {_process.ExitCode} before serving:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Url + "/swagger/v1/swagger.json"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The API did not serve within {StartTimeout.TotalSeconds:0} s:\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
