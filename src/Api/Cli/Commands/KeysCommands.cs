using Agentsgt.Application.ApiKeys;
using Agentsgt.Application.ApiKeys.Commands.CreateApiKey;
using Agentsgt.Application.ApiKeys.Commands.CreatePublishableApiKey;
using Agentsgt.Application.ApiKeys.Commands.RevokeApiKey;
using Agentsgt.Application.ApiKeys.Commands.SetApiKeyLimits;
using Agentsgt.Application.ApiKeys.Queries.ListApiKeys;
using Agentsgt.Application.ApiKeys.Queries.ListStalePepperApiKeys;

namespace Agentsgt.Api.Cli.Commands;

internal static class KeysCommands
{
    public const string SecretWarning =
        "the secret is shown only this once and cannot be shown again: only its hash is stored. "
        + "Hand it to the customer now; if it is lost, revoke this key and create a new one.";

    public const string PublishableNote =
        "a publishable key is not a secret: it is meant for web pages, and works only from its allowed origins "
        + "(and agents), under stricter rate limits.";

    public static Command Create(CliContext cli) => new("keys", "API keys: the pk_…:sk_… pairs customers call the token endpoint with from their servers, and publishable pk_… keys for web pages.")
    {
        CreateCommand(cli),
        ListCommand(cli),
        RevokeCommand(cli),
        SetLimitsCommand(cli),
    };

    private static Command CreateCommand(CliContext cli)
    {
        var organization = CliOptions.Organization(required: true, "The id of the organization the key belongs to.");
        var name = new Option<string>("--name") { Description = "A label for operators, e.g. \"acme production\" (at most 200 characters).", HelpName = "TEXT" };
        var expiresIn = CliOptions.ExpiresIn();
        var publishable = new Option<bool>("--publishable")
        {
            Description = "Create a publishable key (pk_… only, no secret) for browser code: accepted only with an Origin "
                          + "header equal to one of its --allowed-origin values, and only for its --agent ids (none: every agent).",
        };
        var allowedOrigins = new Option<string[]>("--allowed-origin")
        {
            Description = "With --publishable (required, repeatable): an exact origin the key works from, e.g. https://shop.example.com "
                          + "(http or https, host, optional port; no path, query, wildcard).",
            HelpName = "ORIGIN",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var agents = CliOptions.Agents("With --publishable (repeatable): an agent of the organization the key may get tokens for. Default: every agent.");
        var command = new Command(
            "create",
            "Create an API key and print its public key and secret. The secret is shown only this once; only its hash under the current pepper is stored. "
            + "With --publishable: a key with no secret, bound to browser origins (see --allowed-origin).")
        {
            organization,
            name,
            expiresIn,
            publishable,
            allowedOrigins,
            agents,
        };
        command.Validators.Add(result =>
        {
            var isPublishable = result.GetValue(publishable);
            if (!isPublishable && (result.GetResult(allowedOrigins) is not null || result.GetResult(agents) is not null))
            {
                result.AddError("--allowed-origin and --agent are only for publishable keys: add --publishable.");
            }
            else if (isPublishable && (result.GetValue(allowedOrigins) ?? []).Length == 0)
            {
                result.AddError("a publishable key needs at least one --allowed-origin, e.g. --allowed-origin https://shop.example.com.");
            }
        });
        command.SetAction(cli.Action(async (parse, session, cancellationToken) =>
        {
            if (parse.GetValue(publishable))
            {
                var publishableRequest = new CreatePublishableApiKeyCommand(
                    parse.GetValue(organization),
                    parse.GetValue(name),
                    parse.GetValue(expiresIn),
                    parse.GetValue(allowedOrigins) ?? [],
                    parse.GetValue(agents) ?? []);
                var created = await session.Mediator.Send(publishableRequest, cancellationToken).ConfigureAwait(false);
                await WritePublishableAsync(session, created).ConfigureAwait(false);
                return;
            }

            session.RequirePersistentPepper();
            var request = new CreateApiKeyCommand(parse.GetValue(organization), parse.GetValue(name), parse.GetValue(expiresIn));
            var key = await session.Mediator.Send(request, cancellationToken).ConfigureAwait(false);
            if (session.Json)
            {
                await session.WriteJsonAsync(key).ConfigureAwait(false);
            }
            else
            {
                await session.WriteLineAsync($"API key created for organization {key.OrganizationId:D}.").ConfigureAwait(false);
                await session.WriteFieldsAsync(
                [
                    ("public key", key.PublicKey),
                    ("secret", key.Secret),
                    ("api key", key.ApiKey),
                    ("name", key.Name.Length == 0 ? "-" : key.Name),
                    ("created", CliSession.Time(key.CreatedAt)),
                    ("expires", key.ExpiresAt is null ? "never" : CliSession.Time(key.ExpiresAt)),
                    ("pepper", key.PepperId),
                ]).ConfigureAwait(false);
                await session.WriteLineAsync($"The customer sends:  Authorization: Bearer {key.ApiKey}").ConfigureAwait(false);
            }

            await session.WarnAsync(SecretWarning).ConfigureAwait(false);
        }));
        return command;
    }

    private static async Task WritePublishableAsync(CliSession session, CreatedPublishableApiKeyDto key)
    {
        if (session.Json)
        {
            await session.WriteJsonAsync(key).ConfigureAwait(false);
            await session.WarnAsync(PublishableNote).ConfigureAwait(false);
            return;
        }

        await session.WriteLineAsync($"Publishable key created for organization {key.OrganizationId:D}.").ConfigureAwait(false);
        await session.WriteFieldsAsync(
        [
            ("public key", key.PublicKey),
            ("kind", key.Kind),
            ("origins", string.Join(' ', key.AllowedOrigins)),
            ("agents", Agents(key.AllowedAgentIds)),
            ("name", key.Name.Length == 0 ? "-" : key.Name),
            ("created", CliSession.Time(key.CreatedAt)),
            ("expires", key.ExpiresAt is null ? "never" : CliSession.Time(key.ExpiresAt)),
        ]).ConfigureAwait(false);
        await session.WriteLineAsync($"The web page sends:  Authorization: Bearer {key.PublicKey}  (from an allowed origin)").ConfigureAwait(false);
        await session.WarnAsync(PublishableNote).ConfigureAwait(false);
    }

    private static string Agents(IReadOnlyList<Guid> agentIds) =>
        agentIds.Count == 0 ? "all" : string.Join(' ', agentIds.Select(a => a.ToString("D")));

    private static Command ListCommand(CliContext cli)
    {
        var organization = CliOptions.Organization(required: false, "The organization whose keys to list (optional with --stale-pepper).");
        var stalePepper = new Option<bool>("--stale-pepper")
        {
            Description = "Only keys that still work but were hashed with a pepper other than ApiKeys:CurrentPepperId: "
                          + "the keys that stop working when the older peppers are removed. Every organization unless --org is given.",
        };
        var command = new Command(
            "list",
            "List API keys: public key, kind (secret-key or publishable-key), name, status, created, last used, expires, revoked, pepper id, "
            + "for publishable keys their allowed origins and agents, and with --org the session caps new tokens get (each saying where it comes from: "
            + "the key, its organization or the configuration). Never the secret or its hash.")
        {
            organization,
            stalePepper,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(organization) is null && !result.GetValue(stalePepper))
            {
                result.AddError("Option '--org' is required (or use --stale-pepper to list keys on older peppers in every organization).");
            }
        });
        command.SetAction(cli.Action(async (parse, session, cancellationToken) =>
        {
            var stale = parse.GetValue(stalePepper);
            Guid? organizationId = parse.GetResult(organization) is null ? null : parse.GetValue(organization);
            var list = stale
                ? await session.Mediator.Send(new ListStalePepperApiKeysQuery(organizationId), cancellationToken).ConfigureAwait(false)
                : await session.Mediator.Send(new ListApiKeysQuery(organizationId!.Value), cancellationToken).ConfigureAwait(false);
            if (session.Json)
            {
                await session.WriteJsonAsync(list).ConfigureAwait(false);
                return;
            }

            await session.WriteLineAsync($"Current pepper: {list.CurrentPepperId}").ConfigureAwait(false);
            await WriteTableAsync(session, list.ApiKeys, withOrganization: stale, stale ? "No working keys on an older pepper." : "No API keys.").ConfigureAwait(false);
        }));
        return command;
    }

    private static Command RevokeCommand(CliContext cli)
    {
        var publicKey = PublicKeyArgument();
        var command = new Command(
            "revoke",
            "Revoke an API key. The token endpoint answers 401 invalid_key for it from the very next request (keys are not cached). Revoking it again changes nothing.")
        {
            publicKey,
        };
        command.SetAction(cli.Action(async (parse, session, cancellationToken) =>
        {
            var result = await session.Mediator.Send(new RevokeApiKeyCommand(parse.GetRequiredValue(publicKey)), cancellationToken).ConfigureAwait(false);
            if (session.Json)
            {
                await session.WriteJsonAsync(result).ConfigureAwait(false);
                return;
            }

            var key = result.ApiKey;
            await session.WriteLineAsync(result.AlreadyRevoked
                ? $"API key {key.PublicKey} was already revoked at {CliSession.Time(key.RevokedAt)}."
                : $"API key {key.PublicKey} revoked; the token endpoint rejects it from the next request on.").ConfigureAwait(false);
        }));
        return command;
    }

    private static Command SetLimitsCommand(CliContext cli) => SessionCapsCommand.Create(
        cli,
        PublicKeyArgument(),
        "Set the key's own session caps: how many sessions it may have open (its organization's cap applies too; a token beyond either gets 429 session_limit), "
        + "and how long each may last. Tokens issued from now on get them; open sessions keep theirs.",
        ("no cap of its own; its organization's still applies", "its own cleared: its organization's, else Sessions:DefaultMaxSessionSeconds"),
        (publicKey, concurrency, seconds) => new SetApiKeyLimitsCommand(publicKey, concurrency, seconds),
        key => ($"Session caps of API key {key.PublicKey}:", ConcurrencyText(key.SessionCaps!), SecondsText(key.SessionCaps!)));

    private static Argument<string> PublicKeyArgument() =>
        new("PUBLIC_KEY") { Description = "The key's public part (pk_…), as 'keys list' shows it. Never pass the secret." };

    private static string ConcurrencyText(EffectiveSessionCapsDto caps)
    {
        var organization = caps.OrganizationMaxConcurrentSessions is { } cap ? $"{cap} (from {caps.OrganizationMaxConcurrentSessionsFrom})" : null;
        return (caps.MaxConcurrentSessions, organization) switch
        {
            (null, null) => "unlimited",
            (null, { } org) => org + " for the organization",
            ({ } own, null) => $"{own} (from key)",
            ({ } own, { } org) => $"{own} (from key), {org} for the organization",
        };
    }

    private static string SecondsText(EffectiveSessionCapsDto caps) => $"{caps.MaxSessionSeconds} (from {caps.MaxSessionSecondsFrom})";

    private static Task WriteTableAsync(CliSession session, IReadOnlyList<ApiKeyDto> keys, bool withOrganization, string empty)
    {
        IReadOnlyList<string> headers = ["PUBLIC KEY", "KIND", "NAME", "STATUS", "CREATED", "LAST USED", "EXPIRES", "REVOKED", "PEPPER", "ORIGINS", "AGENTS", "MAX CONCURRENT SESSIONS", "MAX SESSION SECONDS"];
        var rows = keys.Select(k => (IReadOnlyList<string>)
        [
            k.PublicKey,
            k.Kind,
            k.Name.Length == 0 ? "-" : k.Name,
            k.Status,
            CliSession.Time(k.CreatedAt),
            CliSession.Time(k.LastUsedAt),
            k.ExpiresAt is null ? "never" : CliSession.Time(k.ExpiresAt),
            CliSession.Time(k.RevokedAt),
            k.PepperId is null ? "-" : k.PepperIsCurrent == true ? $"{k.PepperId} (current)" : k.PepperId,
            k.AllowedOrigins.Count == 0 ? "-" : string.Join(' ', k.AllowedOrigins),
            k.Kind == ApiKeyDto.PublishableKind ? Agents(k.AllowedAgentIds) : "-",
            k.SessionCaps is { } caps ? ConcurrencyText(caps) : "-",
            k.SessionCaps is { } capsAgain ? SecondsText(capsAgain) : "-",
        ]).ToList();
        if (withOrganization)
        {
            headers = ["ORGANIZATION", .. headers];
            rows = rows.Select((r, i) => (IReadOnlyList<string>)[keys[i].OrganizationId.ToString("D"), .. r]).ToList();
        }

        return session.WriteTableAsync(headers, rows, empty);
    }
}
