using Marten;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;
using System.Security.Cryptography;

namespace Platform.Notifications.Api.FallbackBySms;

/// <summary>
/// The key her app signs its fallback codes with (HMAC-SHA-256), one per woman; a new one replaces it (and its counters).
/// </summary>
/// <param name="Id">Her beneficiary id.</param>
/// <param name="Version">Which key this is: counters are counted per key.</param>
public sealed record FallbackKey(Guid Id, Guid AssociationId, byte[] Key, int Version, DateTimeOffset IssuedAt);

/// <summary>A counter of one key that signed an accepted code: each is accepted once, so a replayed code raises nothing.</summary>
public sealed record UsedFallbackCounter(Guid Id, Guid BeneficiaryId, DateTimeOffset At)
{
    public static Guid IdFor(Guid beneficiaryId, int keyVersion, long counter) =>
        DeterministicIds.From("fallback-counter", beneficiaryId, keyVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            counter.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <param name="Key">32 random bytes, base64url: shown once, to her app only.</param>
/// <param name="Format">How to write a code with it.</param>
public sealed record FallbackKeyIssued(string Key, int Version, DateTimeOffset IssuedAt, string Format);

/// <summary>
/// Her app takes its fallback key at enrolment and again whenever it is enrolled anew (the key rotates with it): from then
/// on only codes signed with the newest key raise an alert.
/// </summary>
public static class IssuingAFallbackKey
{
    public const string Format = "K1 {pressId} {S|D|L} {lat},{lon},{accuracy m} {capturedAt, Unix s} {counter} {mac}; " +
        "mac = base64url(HMAC-SHA-256(key, everything before it)[0..12])";

    public static IEndpointRouteBuilder MapFallbackKey(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sms-fallback/key", IssueAsync).WithTags("SMS fallback")
            .RequireAuthorization(PlatformAuthentication.BeneficiaryPolicy);
        return app;
    }

    private static async Task<FallbackKeyIssued> IssueAsync(ClaimsPrincipal user, IDocumentSession session, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var her = user.SubjectId();
        var previous = await session.LoadAsync<FallbackKey>(her, cancellationToken);
        var issued = new FallbackKey(her, user.AssociationId(), RandomNumberGenerator.GetBytes(32), (previous?.Version ?? 0) + 1,
            time.GetUtcNow());
        session.Store(issued);
        await session.SaveChangesAsync(cancellationToken);
        return new FallbackKeyIssued(System.Buffers.Text.Base64Url.EncodeToString(issued.Key), issued.Version,
            issued.IssuedAt, Format);
    }
}

/// <summary>
/// Her app was signed out everywhere (her phone seized, or a copy of her session used): the key on that phone must not
/// raise alerts in her name either. Her key is forgotten; her new phone, enrolled with a new code, takes a new one.
/// Until then a code gets "no-key" (her button on the new phone works through the app meanwhile).
/// </summary>
public sealed class ForgetTheKeyOfARevokedAppConsumer(IDocumentSession session) : MassTransit.IConsumer<Platform.Identity.Contracts.AppSessionsRevoked>
{
    public async Task Consume(MassTransit.ConsumeContext<Platform.Identity.Contracts.AppSessionsRevoked> context)
    {
        var key = await session.LoadAsync<FallbackKey>(context.Message.BeneficiaryId, context.CancellationToken);
        // A key issued after the revocation belongs to her new phone: a late or repeated message must not delete it.
        if (key is not null && key.IssuedAt <= context.Message.OccurredAt)
        {
            session.Delete(key);
            await session.SaveChangesAsync(context.CancellationToken);
        }
    }
}
