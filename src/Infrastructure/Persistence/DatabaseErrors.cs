using System.Data.Common;
using System.Net.Sockets;

namespace Agentsgt.Infrastructure.Persistence;

public static class DatabaseErrors
{
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
