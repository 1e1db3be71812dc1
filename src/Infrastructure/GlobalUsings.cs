// Namespaces most files of this project use; a file names only what is particular to it.
global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.Logging;
global using Microsoft.Extensions.Options;
global using Agentsgt.Application.Common.Interfaces;
global using Agentsgt.Domain.Entities;
global using Agentsgt.Domain.ValueObjects;
global using Agentsgt.Domain.Rules;
global using Agentsgt.Infrastructure.Configuration;
global using Npgsql;
