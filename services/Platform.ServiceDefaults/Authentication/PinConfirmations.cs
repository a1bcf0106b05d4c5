using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Platform.ServiceDefaults.Authentication;

/// <summary>What her own app may do to her protection only once her PIN confirmed it (her app's token may be in his hands).</summary>
public enum ProtectedAction
{
    AddingAContact,
    RemovingAContact,
    ChangingAContactsPhone,
    ChangingHerPhone,
    ErasingHerEvidence,
}

/// <summary>Her PIN confirmed <paramref name="Action"/>; with her duress PIN the action must only seem to happen.</summary>
public sealed record PinConfirmation(Guid BeneficiaryId, ProtectedAction Action, bool Duress, DateTimeOffset ExpiresAt);

/// <param name="Key">Base64, at least 32 random bytes, the same in alerts (which issues confirmations) and in the services that
/// read them. From the secret store in production.</param>
public sealed class PinConfirmationOptions
{
    public const string Section = "PinConfirmations";

    [Required(ErrorMessage = "PinConfirmations:Key is required: alerts seals her PIN confirmations with it, contacts and evidence open them.")]
    public string? Key { get; set; }

    /// <summary>Long enough to type a PIN then confirm; short enough that a confirmation seen on her screen is soon worthless.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:10:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// Her PINs and their budget live in alerts; contacts and evidence need to know that she typed one, and which. Alerts
/// answers her PIN with a confirmation, an encrypted JWT (JWE, nested signed JWT) that her app sends back in the
/// <see cref="Header"/> header: her phone carries it but cannot read it, so a duress confirmation looks exactly like a
/// real one to whoever holds the phone.
/// </summary>
public sealed class PinConfirmations(IOptions<PinConfirmationOptions> options, TimeProvider time)
{
    public const string Header = "Pin-Confirmation";
    public const string RequiredProblem = "/problems/pin-confirmation-required";

    private const string Issuer = "platform-alerts";
    private const string Audience = "platform-pin-confirmation";
    private const string ActionClaim = "action";
    // "cancel" or "duress": the same length, so the sealed token's length cannot tell them apart.
    private const string PinClaim = "pin";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly (SymmetricSecurityKey Signing, SymmetricSecurityKey Encrypting) _keys = KeysFrom(options.Value.Key);

    public TimeSpan Lifetime => options.Value.Lifetime;

    /// <summary>The sealed confirmation for her app to send with the action.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(Guid beneficiaryId, ProtectedAction action, bool duress)
    {
        var now = time.GetUtcNow();
        var expiresAt = now + Lifetime;
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = beneficiaryId.ToString(),
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString(),
                [ActionClaim] = action.ToString(),
                [PinClaim] = duress ? "duress" : "cancel",
            },
            SigningCredentials = new SigningCredentials(_keys.Signing, SecurityAlgorithms.HmacSha256),
            EncryptingCredentials = new EncryptingCredentials(_keys.Encrypting, SecurityAlgorithms.Aes256KW,
                SecurityAlgorithms.Aes256CbcHmacSha512),
        });
        return (token, expiresAt);
    }

    /// <summary>
    /// The confirmation her app sent for <paramref name="action"/>, or 428 with a problem that says how to get one: none was
    /// sent, it was forged, it expired, it confirms another action or it was issued to someone else.
    /// </summary>
    public async Task<PinConfirmation> RequireAsync(string? token, ClaimsPrincipal her, ProtectedAction action)
    {
        var confirmation = await ReadAsync(token);
        return confirmation is not null && confirmation.BeneficiaryId == her.SubjectId() && confirmation.Action == action
            && confirmation.ExpiresAt > time.GetUtcNow()
            ? confirmation
            : throw new ProblemException(StatusCodes.Status428PreconditionRequired, RequiredProblem,
                "Confirm this with your PIN first.",
                $"Send your PIN to POST /api/alerts/pin-confirmations with \"action\": \"{JsonNamingPolicyName(action)}\", then send "
                + $"this request again with the confirmation in the {Header} header (valid {Lifetime.TotalMinutes:0.#} minutes).");
    }

    private async Task<PinConfirmation?> ReadAsync(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 4096)
        {
            return null;
        }
        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = _keys.Signing,
            TokenDecryptionKey = _keys.Encrypting,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512],
            RequireSignedTokens = true,
            // The expiry is checked against the service's own clock (TimeProvider), below and in RequireAsync.
            ValidateLifetime = false,
        });
        if (!result.IsValid
            || !Guid.TryParse(result.Claims.TryGetValue(JwtRegisteredClaimNames.Sub, out var sub) ? sub as string : null, out var subject)
            || !Enum.TryParse<ProtectedAction>(result.Claims.TryGetValue(ActionClaim, out var action) ? action as string : null, out var what)
            || !result.Claims.TryGetValue(PinClaim, out var pin) || pin is not ("cancel" or "duress")
            || result.SecurityToken is not JsonWebToken { InnerToken.ValidTo: var validTo })
        {
            return null;
        }
        return new PinConfirmation(subject, what, Equals(pin, "duress"), new DateTimeOffset(validTo, TimeSpan.Zero));
    }

    /// <summary>The action as the API writes it (camelCase, like every enum in the platform's JSON).</summary>
    public static string JsonNamingPolicyName(ProtectedAction action) =>
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(action.ToString());

    /// <summary>Two keys from one secret (HKDF): the signature and the encryption never share a key.</summary>
    private static (SymmetricSecurityKey, SymmetricSecurityKey) KeysFrom(string? base64)
    {
        var secret = Convert.FromBase64String(base64 ?? "");
        if (secret.Length < 32)
        {
            throw new OptionsValidationException(PinConfirmationOptions.Section, typeof(PinConfirmationOptions),
                ["PinConfirmations:Key must be base64 of at least 32 random bytes."]);
        }
        return (new SymmetricSecurityKey(HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "pin-confirmation-signing"u8.ToArray())),
            new SymmetricSecurityKey(HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "pin-confirmation-encryption"u8.ToArray())));
    }
}

public static class PinConfirmationsSetup
{
    public static IHostApplicationBuilder AddPinConfirmations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PinConfirmationOptions>().BindConfiguration(PinConfirmationOptions.Section).ValidateDataAnnotations()
            .Validate(o => IsKey(o.Key), "PinConfirmations:Key must be base64 of at least 32 random bytes.").ValidateOnStart();
        builder.Services.AddSingleton<PinConfirmations>();
        return builder;
    }

    private static bool IsKey(string? key)
    {
        var bytes = new byte[Math.Max(0, key?.Length ?? 0)];
        return key is not null && Convert.TryFromBase64String(key, bytes, out var written) && written >= 32;
    }
}

/// <summary>The request's <see cref="PinConfirmations.Header"/>, bound as a handler parameter and checked only where an action needs it.</summary>
public sealed class SentPinConfirmation(string? token, PinConfirmations confirmations)
{
    /// <inheritdoc cref="PinConfirmations.RequireAsync"/>
    public Task<PinConfirmation> RequireAsync(ClaimsPrincipal her, ProtectedAction action) => confirmations.RequireAsync(token, her, action);

    public static ValueTask<SentPinConfirmation?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<SentPinConfirmation?>(new SentPinConfirmation(context.Request.Headers[PinConfirmations.Header].FirstOrDefault(),
            context.RequestServices.GetRequiredService<PinConfirmations>()));
}
