using System.Data.Common;
using System.Net.Sockets;

namespace Agentsgt.Infrastructure.Persistence;

/// <summary>What a database failure means, for the API (503) and the management CLI (exit 1) alike.</summary>
public static class DatabaseErrors
{
    /// <summary>Connection failures, timeouts and server shutdowns anywhere in the chain.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case DbException db when db.IsTransient
                                         || db.SqlState is { } state && (state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal)):
                case DbException { InnerException: SocketException or IOException or TimeoutException }:
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>The first <see cref="DbException"/> in the chain, if any.</summary>
    public static DbException? Find(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException db)
            {
                return db;
            }
        }

        return null;
    }
}
