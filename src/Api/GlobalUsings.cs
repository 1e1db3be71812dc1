// Namespaces most files of this project use; a file names only what is particular to it.
global using System.Globalization;
global using System.Text.Json;
global using Microsoft.Extensions.Options;
global using Agentsgt.Api.Errors;
global using Agentsgt.Api.Requests;
global using Agentsgt.Api.Telemetry;
global using Agentsgt.Infrastructure.Configuration;
global using Agentsgt.Infrastructure.Persistence;
