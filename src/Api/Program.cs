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
    builder.Services.AddApplicationServices();
    builder.Services.AddInfrastructureServices(builder.Configuration, builder.Environment);
    builder.Services.AddWebServices(builder.Configuration);
    app = builder.Build();
    StartupValidation.ValidateOptions(app.Services);
}
catch (OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync($"error: invalid configuration: {string.Join(" ", ex.Failures)}");
    return 1;
}

StartupValidation.LogWarnings(app.Services, app.Environment);
app.UseWebPipeline();
await app.RunAsync();
return 0;

// Public so integration tests can host it with WebApplicationFactory.
public partial class Program;
