using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Platform.Notifications.Api.Webhooks;

/// <summary>
/// An endpoint's signing secret in the Standard Webhooks form: <c>whsec_</c> and the base64 of the key. It is shown to the
/// association's admin once, when generated; <see cref="ToString"/> hides it so no log or exception message carries it.
/// </summary>
public sealed class WebhookSecret
{
    public const string Prefix = "whsec_";
    public const int GeneratedKeyBytes = 32;
    // The spec's bounds: fewer bytes weaken the HMAC, more is refused by some receivers' libraries.
    public const int MinimumKeyBytes = 24;
    public const int MaximumKeyBytes = 64;
    private const string Hidden = Prefix + "***";
    private static readonly string TooLong = $"A webhook secret's key is at most {MaximumKeyBytes} bytes.";

    private readonly byte[] _key;

    private WebhookSecret(byte[] key)
    {
        _key = key;
    }

    internal ReadOnlySpan<byte> Key => _key;

    public static WebhookSecret Generate() => new(RandomNumberGenerator.GetBytes(GeneratedKeyBytes));

    /// <summary>Reads a stored or pasted secret. The refusal never quotes the text: it may be a real secret.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out WebhookSecret? secret, [NotNullWhen(false)] out string? refusal)
    {
        secret = null;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            refusal = $"A webhook secret starts with {Prefix}.";
            return false;
        }
        var encoded = text.AsSpan(Prefix.Length);
        // Bounds the buffer before decoding; the exact byte count is checked after.
        if (encoded.Length > Base64.GetMaxEncodedToUtf8Length(MaximumKeyBytes))
        {
            refusal = TooLong;
            return false;
        }
        // Strict alphabet: .NET's decoder skips whitespace that other receivers' decoders would reject.
        if (encoded.ContainsAnyExcept(Base64Alphabet))
        {
            refusal = $"A webhook secret is {Prefix} followed by base64.";
            return false;
        }
        var key = new byte[encoded.Length * 3 / 4];
        if (!Convert.TryFromBase64Chars(encoded, key, out var written))
        {
            refusal = $"A webhook secret is {Prefix} followed by base64.";
            return false;
        }
        if (written < MinimumKeyBytes)
        {
            refusal = $"A webhook secret's key is at least {MinimumKeyBytes} bytes.";
            return false;
        }
        if (written > MaximumKeyBytes)
        {
            refusal = TooLong;
            return false;
        }
        secret = new WebhookSecret(key[..written]);
        refusal = null;
        return true;
    }

    public static WebhookSecret Parse(string text) =>
        TryParse(text, out var secret, out var refusal) ? secret : throw new FormatException(refusal);

    /// <summary>The whole secret: for the one time the admin is shown it, and for storing it (encrypted).</summary>
    public string Reveal() => Prefix + Convert.ToBase64String(_key);

    public override string ToString() => Hidden;

    private static readonly System.Buffers.SearchValues<char> Base64Alphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");
}
