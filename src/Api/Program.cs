using Agentsgt.Api;
using Agentsgt.Api.Cli;
using Agentsgt.Api.Hosting;
using Agentsgt.Application;
using Agentsgt.Infrastructure;

if (CliRunner.IsCliCommand(args))
{
    return await CliRunner.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = HostingDefaults.ContentRoot(args) });
builder.WebHost.ConfigureApiKestrel();
builder.Logging.AddApiConsoleLogging(builder.Environment);

WebApplication app;
try
{
    builder.Services.AddSettingsChecks(builder.Configuration);
    builder.Services.AddValidatedOptions<ListenUrls>().Configure(urls =>
    {
        urls.Value = builder.Configuration[ListenUrls.Setting];
        urls.HttpPorts = builder.Configuration[ListenUrls.HttpPortsSetting];
    });
    // An unknown level would throw while the host is built; the check above names it instead.
    builder.Configuration.AddInMemoryCollection(LogLevelSettings.Read(builder.Configuration).Invalid().Select(path => KeyValuePair.Create(path, (string?)null)));
    builder.Services.AddApplicationServices();
    builder.Services.AddInfrastructureServices(builder.Configuration, builder.Environment);
    builder.Services.AddWebServices(builder.Configuration);
    app = builder.Build();
    StartupValidation.ValidateOptions(app.Services);
}
catch (OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync("error: " + ValidatedOptions.Describe(ex));
    return 1;
}

if (app.Services.GetRequiredService<IOptions<ListenUrls>>().Value.FirstTaken() is { } taken)
{
    await Console.Error.WriteLineAsync($"error: cannot listen on {taken}: another process is using that address.");
    return 1;
}

StartupValidation.LogWarnings(app.Services, app.Environment);
app.UseWebPipeline();
try
{
    await app.StartAsync();
}
catch (Exception ex) when (ex is IOException or FormatException or InvalidOperationException)
{
    // Whatever the checks above could not foresee (e.g. the port taken since): one line, not a trace.
    await Console.Error.WriteLineAsync($"error: the service could not start: {ex.Message}");
    return 1;
}

await app.WaitForShutdownAsync();
return 0;

// Public so integration tests can host it with WebApplicationFactory.
public partial class Program;
