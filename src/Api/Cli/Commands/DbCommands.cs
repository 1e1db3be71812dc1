using Microsoft.EntityFrameworkCore;

namespace Agentsgt.Api.Cli.Commands;

// Schema upkeep is not a use case of the service: EF Core directly, not a MediatR request.
internal static class DbCommands
{
    public static Command Create(CliContext cli) => new("db", "The database schema.")
    {
        MigrateCommand(cli),
    };

    private static Command MigrateCommand(CliContext cli)
    {
        var command = new Command("migrate", "Apply the committed migrations to the database in ConnectionStrings__Agentsgt (never done at start-up). Safe to run again.");
        command.SetAction(cli.Action(async (_, session, cancellationToken) =>
        {
            var db = session.Services.GetRequiredService<AgentsgtDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            if (session.Json)
            {
                await session.WriteJsonAsync(new { applied = pending }).ConfigureAwait(false);
                return;
            }

            if (pending.Count > 0)
            {
                await session.WriteLineAsync($"Applied {pending.Count} migration(s): {string.Join(", ", pending)}.").ConfigureAwait(false);
            }

            await session.WriteLineAsync("Database is up to date.").ConfigureAwait(false);
        }));
        return command;
    }
}
