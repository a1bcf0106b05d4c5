using Marten;
using Platform.Evidence.Integrity;

namespace Platform.Evidence.Api.Signing;

/// <summary>A key the platform has signed with: published for as long as any evidence it signed may be checked.</summary>
public sealed record PublishedSigningKey(string Id, string Spki, DateTimeOffset NotBefore, DateTimeOffset? NotAfter);

/// <summary>
/// The configured signing key and every key used before it. Rotation is a new key in configuration: at startup the new
/// key is published and the previous one's window closes, so old seals still verify and new ones use the new key.
/// </summary>
public sealed class PlatformSigningKeys(EvidenceSettings settings, IDocumentStore store, TimeProvider time) : IHostedService, IDisposable
{
    private SigningKey? _current;

    public SigningKey Current => _current ?? throw new InvalidOperationException("The signing key is not loaded yet.");

    public static SigningKey Load(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new InvalidOperationException("Evidence:SigningKey must hold the ECDSA P-256 private key that seals evidence (PEM or base64 PKCS#8).");
        }
        var text = configured.Trim();
        if (text.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            using var ecdsa = System.Security.Cryptography.ECDsa.Create();
            ecdsa.ImportFromPem(text);
            return SigningKey.FromPkcs8(ecdsa.ExportPkcs8PrivateKey());
        }
        return SigningKey.FromPkcs8(Convert.FromBase64String(text));
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _current = Load(settings.SigningKey);
        await using var session = store.LightweightSession();
        var known = await session.Query<PublishedSigningKey>().ToListAsync(cancellationToken);
        if (known.Any(key => key.Id == _current.KeyId && key.NotAfter is null))
        {
            return;
        }
        var now = time.GetUtcNow();
        foreach (var previous in known.Where(key => key.NotAfter is null))
        {
            session.Store(previous with { NotAfter = now });
        }
        session.Store(known.FirstOrDefault(key => key.Id == _current.KeyId) is { } returning
            ? returning with { NotAfter = null }
            : new PublishedSigningKey(_current.KeyId, Convert.ToBase64String(_current.SubjectPublicKeyInfo.Span), now, null));
        await session.SaveChangesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static async Task<PublicKeySet> PublishedAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        var keys = await session.Query<PublishedSigningKey>().ToListAsync(cancellationToken);
        return new PublicKeySet([.. keys.OrderBy(key => key.NotBefore).Select(key => new PublishedKey(key.Id, key.Spki, key.NotBefore, key.NotAfter))]);
    }

    public void Dispose() => _current?.Dispose();
}

public static class PublishingKeys
{
    /// <summary>Anyone may fetch the public keys: a court, a lawyer, the defence. They are what makes a seal checkable.</summary>
    public static void MapPublishedKeys(this RouteGroupBuilder evidence) =>
        evidence.MapGet("/keys", async (IDocumentStore store, CancellationToken cancellationToken) =>
            {
                await using var session = store.QuerySession();
                var keys = await PlatformSigningKeys.PublishedAsync(session, cancellationToken);
                return Results.Bytes(keys.ToJson(), "application/json");
            })
            .AllowAnonymous();
}
