using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.Scheduling;
using System.Security.Claims;

namespace Platform.Notifications.Api.Webhooks;

public sealed record RegisterEndpoint(string? Url, IReadOnlyList<string>? EventTypes, string? Description);

/// <summary>An endpoint as its admin sees it: never a secret, except <see cref="EndpointCreated.Secret"/> once.</summary>
public sealed record EndpointView(Guid Id, string Url, IReadOnlyList<string> EventTypes, string? Description, bool Enabled,
    DateTimeOffset CreatedAt, string? DisabledReason, DateTimeOffset? DisabledAt, DateTimeOffset? FailingSince, int ActiveSecrets)
{
    public static EndpointView Of(WebhookEndpoint endpoint, DateTimeOffset now) => new(endpoint.Id, endpoint.Url, endpoint.EventTypes,
        endpoint.Description, endpoint.Enabled, endpoint.CreatedAt, endpoint.DisabledReason, endpoint.DisabledAt, endpoint.FailingSince,
        endpoint.SigningSecrets(now).Count());
}

/// <summary>The new endpoint and its signing secret, shown this once: it is stored encrypted and never returned again.</summary>
public sealed record EndpointCreated(EndpointView Endpoint, string Secret);

/// <param name="PreviousSecretExpiresAt">Until then both secrets sign every message, so the receiver can switch over.</param>
public sealed record SecretRotated(string Secret, DateTimeOffset PreviousSecretExpiresAt);

public sealed record ReplayFailed(DateTimeOffset? Since);

public sealed record MessageView(string WebhookId, Guid EventId, string EventType, WebhookMessageStatus Status, DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt, IReadOnlyList<WebhookAttempt> Attempts)
{
    public static MessageView Of(WebhookMessage message) => new(message.WebhookId, message.EventId, message.EventType, message.Status,
        message.CreatedAt, message.NextAttemptAt, message.Attempts);
}

public sealed record ReplayStarted(int Messages);

/// <summary>
/// An association's admin manages its endpoints: register (the secret shown once), list, disable, enable, rotate the
/// secret, delete, read the delivery log, replay. Every route reads and writes only the caller's association.
/// </summary>
public static class ManagingEndpoints
{
    public const string InvalidAddressProblem = "/problems/webhook-address-refused";

    public static RouteGroupBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var endpoints = app.MapGroup("/api/webhooks/endpoints").RequireAuthorization(PlatformAuthentication.AssociationAdminPolicy);
        endpoints.MapPost("/", RegisterAsync);
        endpoints.MapGet("/", ListAsync);
        endpoints.MapGet("/{endpointId:guid}", ReadAsync);
        endpoints.MapPost("/{endpointId:guid}/disable", (Guid endpointId, ClaimsPrincipal user, IDocumentStore store, TimeProvider time,
            CancellationToken ct) => ChangeAsync(endpointId, user, store, time, e => e.Disabled(WebhookEndpoint.DisabledByAdmin, time.GetUtcNow()), ct));
        endpoints.MapPost("/{endpointId:guid}/enable", EnableAsync);
        endpoints.MapPost("/{endpointId:guid}/secret/rotate", RotateAsync);
        endpoints.MapDelete("/{endpointId:guid}", DeleteAsync);
        endpoints.MapGet("/{endpointId:guid}/messages", MessagesAsync);
        endpoints.MapPost("/{endpointId:guid}/messages/{messageId}/replay", ReplayOneAsync);
        endpoints.MapPost("/{endpointId:guid}/replay", ReplayFailedAsync);
        return endpoints;
    }

    public static Dictionary<string, string[]> Validate(RegisterEndpoint command, WebhookAddressGuard guard)
    {
        var errors = new Dictionary<string, string[]>();
        if (!guard.TryAccept(command.Url, out _, out var refusal))
        {
            errors["url"] = [refusal];
        }
        if (command.EventTypes is not { Count: > 0 } types)
        {
            errors["eventTypes"] = [$"At least one of: {string.Join(", ", WebhookEventTypes.All)}."];
        }
        else if (types.FirstOrDefault(type => !WebhookEventTypes.All.Contains(type)) is { } unknown)
        {
            errors["eventTypes"] = [$"Unknown event type '{Truncate(unknown, 40)}'; expected some of: {string.Join(", ", WebhookEventTypes.All)}."];
        }
        if (command.Description is { Length: > 200 })
        {
            errors["description"] = ["At most 200 characters."];
        }
        return errors;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "...";

    private static async Task<Results<Created<EndpointCreated>, ValidationProblem>> RegisterAsync(RegisterEndpoint command,
        ClaimsPrincipal user, IDocumentStore store, WebhookAddressGuard guard, WebhookSecretVault vault, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = Validate(command, guard);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7();
        var secret = WebhookSecret.Generate();
        var endpoint = new WebhookEndpoint(id, user.AssociationId(), command.Url!.Trim(), [.. command.EventTypes!.Distinct()],
            command.Description?.Trim(), Enabled: true, now, [vault.Protect(id, secret, now)]);
        await using var session = store.LightweightSession();
        session.Insert(endpoint);
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/webhooks/endpoints/{id}", new EndpointCreated(EndpointView.Of(endpoint, now), secret.Reveal()));
    }

    private static async Task<Ok<IReadOnlyList<EndpointView>>> ListAsync(ClaimsPrincipal user, IDocumentStore store, TimeProvider time,
        CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var association = user.AssociationId();
        var endpoints = await session.Query<WebhookEndpoint>().Where(e => e.AssociationId == association).OrderBy(e => e.CreatedAt)
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return TypedResults.Ok<IReadOnlyList<EndpointView>>([.. endpoints.Select(e => EndpointView.Of(e, now))]);
    }

    private static async Task<Ok<EndpointView>> ReadAsync(Guid endpointId, ClaimsPrincipal user, IDocumentStore store, TimeProvider time,
        CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return TypedResults.Ok(EndpointView.Of(await OwnAsync(session, endpointId, user, cancellationToken), time.GetUtcNow()));
    }

    /// <summary>Another association's endpoint is answered exactly like one that does not exist.</summary>
    public static async Task<WebhookEndpoint> OwnAsync(IQuerySession session, Guid endpointId, ClaimsPrincipal user,
        CancellationToken cancellationToken) =>
        await session.LoadAsync<WebhookEndpoint>(endpointId, cancellationToken) is { } endpoint && endpoint.AssociationId == user.AssociationId()
            ? endpoint
            : throw ProblemException.NotFound("The webhook endpoint");

    private static async Task<Ok<EndpointView>> ChangeAsync(Guid endpointId, ClaimsPrincipal user, IDocumentStore store, TimeProvider time,
        Func<WebhookEndpoint, WebhookEndpoint> change, CancellationToken cancellationToken)
    {
        // A delivery may record a failure on the same endpoint meanwhile: read again and reapply.
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var changed = change(await OwnAsync(session, endpointId, user, cancellationToken));
            session.Update(changed);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return TypedResults.Ok(EndpointView.Of(changed, time.GetUtcNow()));
            }
            catch (JasperFx.ConcurrencyException) when (attempt < 5)
            {
            }
        }
    }

    /// <summary>Enabled again by its admin: it starts afresh, and messages that waited for it are sent.</summary>
    private static async Task<Ok<EndpointView>> EnableAsync(Guid endpointId, ClaimsPrincipal user, IDocumentStore store, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var enabled = await ChangeAsync(endpointId, user, store, time,
            e => e with { Enabled = true, DisabledReason = null, DisabledAt = null, FailingSince = null, EnabledAgainAt = time.GetUtcNow() },
            cancellationToken);
        await using var session = store.LightweightSession();
        await HoldingForAFailingEndpoint.ReleaseAllAsync(session, endpointId, time.GetUtcNow(), cancellationToken);
        await session.SaveChangesAsync(cancellationToken);
        return enabled;
    }

    private static async Task<Ok<SecretRotated>> RotateAsync(Guid endpointId, ClaimsPrincipal user, IDocumentStore store,
        WebhookSecretVault vault, IOptions<WebhookSettings> settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var secret = WebhookSecret.Generate();
        var overlapEnds = now + settings.Value.RotationOverlap;
        await ChangeAsync(endpointId, user, store, time, endpoint => endpoint with
        {
            // The newest first; the ones still signing stop when the overlap ends, older expired ones are dropped.
            Secrets = [vault.Protect(endpoint.Id, secret, now), .. endpoint.SigningSecrets(now)
                .Select(old => old with { ExpiresAt = old.ExpiresAt is { } earlier && earlier < overlapEnds ? earlier : overlapEnds })],
        }, cancellationToken);
        return TypedResults.Ok(new SecretRotated(secret.Reveal(), overlapEnds));
    }

    private static async Task<NoContent> DeleteAsync(Guid endpointId, ClaimsPrincipal user, IDocumentStore store,
        CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var endpoint = await OwnAsync(session, endpointId, user, cancellationToken);
        session.Delete(endpoint);
        // Its messages go with it: nothing is sent to an address its association removed.
        session.DeleteWhere<WebhookMessage>(message => message.EndpointId == endpointId);
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<MessageView>>> MessagesAsync(Guid endpointId, WebhookMessageStatus? status, int? limit,
        ClaimsPrincipal user, IDocumentStore store, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        await OwnAsync(session, endpointId, user, cancellationToken);
        var query = session.Query<WebhookMessage>().Where(message => message.EndpointId == endpointId);
        if (status is { } wanted)
        {
            query = query.Where(message => message.Status == wanted);
        }
        var messages = await query.OrderByDescending(message => message.CreatedAt).Take(Math.Clamp(limit ?? 50, 1, 200))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<MessageView>>([.. messages.Select(MessageView.Of)]);
    }

    private static async Task<Ok<ReplayStarted>> ReplayOneAsync(Guid endpointId, string messageId, ClaimsPrincipal user,
        IDocumentStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        await OwnAsync(session, endpointId, user, cancellationToken);
        var id = messageId.StartsWith("msg_", StringComparison.Ordinal) && Guid.TryParseExact(messageId[4..], "N", out var parsed)
            ? parsed
            : throw ProblemException.NotFound("The webhook message");
        var message = await session.LoadAsync<WebhookMessage>(id, cancellationToken) is { } found && found.EndpointId == endpointId
            ? found
            : throw ProblemException.NotFound("The webhook message");
        Replay(session, message, time.GetUtcNow());
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new ReplayStarted(1));
    }

    private static async Task<Ok<ReplayStarted>> ReplayFailedAsync(Guid endpointId, ReplayFailed command, ClaimsPrincipal user,
        IDocumentStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        await OwnAsync(session, endpointId, user, cancellationToken);
        var since = command.Since ?? DateTimeOffset.MinValue;
        var failed = await session.Query<WebhookMessage>()
            .Where(message => message.EndpointId == endpointId && message.Status == WebhookMessageStatus.Failed && message.CreatedAt >= since)
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var message in failed)
        {
            Replay(session, message, now);
        }
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new ReplayStarted(failed.Count));
    }

    /// <summary>The same message (same webhook-id, same body) queued again, its retry schedule started over.</summary>
    private static void Replay(IDocumentSession session, WebhookMessage message, DateTimeOffset now)
    {
        session.Update(message with { Status = WebhookMessageStatus.Pending, AttemptsThisRound = 0, NextAttemptAt = now });
        session.ScheduleWakeUp(WebhookDelivery.AttemptKind, message.Id, now);
    }
}
