using System.Diagnostics.CodeAnalysis;
using Agentsgt.Application.ApiKeys.Commands.CreateApiKey;

namespace Agentsgt.Api.Cli;

// Lower-case units only (d, h, m), so m can never be read as months.
internal static class ExpiryDuration
{
    public const string Syntax = "<n>d, <n>h or <n>m (days, hours, minutes), e.g. 90d";

    private static readonly long MaxMinutes = (long)TimeSpan.FromDays(CreateApiKeyCommand.MaxExpiresInDays).TotalMinutes;

    public static bool TryParse(string? text, out TimeSpan duration, [NotNullWhen(false)] out string? problem)
    {
        duration = TimeSpan.Zero;
        problem = null;
        var value = text ?? string.Empty;
        var unit = value.Length > 0 ? value[^1] : '\0';
        var digits = value.Length > 0 ? value[..^1] : string.Empty;

        if (value.StartsWith('-'))
        {
            problem = $"{CliText.Quote(value)} is not a positive duration; use {Syntax}.";
            return false;
        }

        if (unit is not ('d' or 'h' or 'm') || digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            problem = $"{CliText.Quote(value)} is not a duration; use {Syntax}.";
            return false;
        }

        // Any count above the bound in minutes is above it in every unit (and would overflow TimeSpan).
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > MaxMinutes)
        {
            count = long.MaxValue;
        }

        duration = count == long.MaxValue ? TimeSpan.MaxValue : unit switch
        {
            'd' => TimeSpan.FromDays(count),
            'h' => TimeSpan.FromHours(count),
            _ => TimeSpan.FromMinutes(count),
        };

        if (duration <= TimeSpan.Zero)
        {
            problem = $"{CliText.Quote(value)} is not a positive duration; use {Syntax}.";
            return false;
        }

        if (duration > TimeSpan.FromDays(CreateApiKeyCommand.MaxExpiresInDays))
        {
            problem = $"{CliText.Quote(value)} is too long: at most {CreateApiKeyCommand.MaxExpiresInDays}d.";
            return false;
        }

        return true;
    }
}
