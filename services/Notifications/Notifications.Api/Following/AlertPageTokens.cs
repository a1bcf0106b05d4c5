using System.Buffers.Text;
using System.Security.Cryptography;

namespace Platform.Notifications.Api.Following;

/// <summary>
/// The token in an alert page's link: 27 characters, because every character of the SMS is one fewer for her own words.
/// It is base64url of a 12-byte link id and an 8-byte tag.
/// </summary>
/// <remarks>
/// <para>The link id is an HMAC of (alert, contact): unguessable without the key, and the same on every dispatch retry
/// and escalation step, so Twilio's "same body since the claim" check and the contact's earlier SMS both keep working.
/// 96 bits make a collision between two links negligible at any volume this platform will see.</para>
/// <para>The tag is an HMAC of the link id under a second key derived from the same secret: a forged or mistyped token
/// is refused before the database is asked, so the page cannot be used to probe for link ids. 64 bits are far beyond
/// what guessing over HTTP can reach. Both keys come from the one configured secret through HKDF, each for one purpose.</para>
/// </remarks>
public sealed class AlertPageTokens
{
    private const int LinkIdBytes = 12;
    private const int TagBytes = 8;

    /// <summary>Characters of every token (base64url, no padding).</summary>
    public static readonly int TokenLength = Base64Url.GetEncodedLength(LinkIdBytes + TagBytes);

    private readonly byte[] _linkIdKey;
    private readonly byte[] _tagKey;

    public AlertPageTokens(byte[] signingKey)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(signingKey.Length, AlertPageSettings.MinimumKeyBytes);
        _linkIdKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, signingKey, 32, info: "alert-page/link-id"u8.ToArray());
        _tagKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, signingKey, 32, info: "alert-page/tag"u8.ToArray());
    }

    /// <summary>The id of the link document for this contact and alert (base64url, 16 characters).</summary>
    public string LinkIdFor(Guid alertId, Guid contactId) => Base64Url.EncodeToString(LinkId(alertId, contactId));

    /// <summary>The token sent in the SMS: the same for this contact and alert every time.</summary>
    public string TokenFor(Guid alertId, Guid contactId)
    {
        Span<byte> token = stackalloc byte[LinkIdBytes + TagBytes];
        LinkId(alertId, contactId).CopyTo(token);
        Tag(token[..LinkIdBytes], token[LinkIdBytes..]);
        return Base64Url.EncodeToString(token);
    }

    /// <summary>The link id a token carries, or null when it is malformed or its tag is not ours (compared in constant time).</summary>
    public string? LinkIdOf(string? token)
    {
        if (token is null || token.Length != TokenLength)
        {
            return null;
        }
        Span<byte> bytes = stackalloc byte[LinkIdBytes + TagBytes];
        if (Base64Url.DecodeFromChars(token, bytes, out var consumed, out var written) != System.Buffers.OperationStatus.Done
            || consumed != token.Length || written != bytes.Length)
        {
            return null;
        }
        Span<byte> expected = stackalloc byte[TagBytes];
        Tag(bytes[..LinkIdBytes], expected);
        return CryptographicOperations.FixedTimeEquals(expected, bytes[LinkIdBytes..])
            ? Base64Url.EncodeToString(bytes[..LinkIdBytes])
            : null;
    }

    private byte[] LinkId(Guid alertId, Guid contactId)
    {
        Span<byte> subject = stackalloc byte[32];
        alertId.TryWriteBytes(subject[..16], bigEndian: true, out _);
        contactId.TryWriteBytes(subject[16..], bigEndian: true, out _);
        return HMACSHA256.HashData(_linkIdKey, subject)[..LinkIdBytes];
    }

    private void Tag(ReadOnlySpan<byte> linkId, Span<byte> destination)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_tagKey, linkId, mac);
        mac[..TagBytes].CopyTo(destination);
    }
}
