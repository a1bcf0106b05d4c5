using Microsoft.Extensions.Options;
using OtpNet;
using Platform.Identity.Api.Tokens;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Identity.Api.Staff;

/// <summary>Passwords (ASP.NET Core Identity's hasher: PBKDF2, 100 000 rounds), TOTP (RFC 6238, Otp.NET) and the lockout.</summary>
public sealed class StaffSecrets(IOptions<IdentityServerOptions> options, TimeProvider time)
{
    /// <summary>Failed passwords or codes in a row before the account waits <see cref="LockoutFor"/>.</summary>
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutFor = TimeSpan.FromMinutes(15);
    public const int MinPasswordLength = 12;

    private readonly Microsoft.AspNetCore.Identity.PasswordHasher<StaffAccount> _hasher = new();

    public void SetPassword(StaffAccount staff, string password) => staff.PasswordHash = _hasher.HashPassword(staff, password);

    public bool PasswordMatches(StaffAccount staff, string password)
    {
        if (staff.PasswordHash is null)
        {
            return false;
        }
        var verdict = _hasher.VerifyHashedPassword(staff, staff.PasswordHash, password);
        if (verdict == Microsoft.AspNetCore.Identity.PasswordVerificationResult.SuccessRehashNeeded)
        {
            SetPassword(staff, password);
        }
        return verdict != Microsoft.AspNetCore.Identity.PasswordVerificationResult.Failed;
    }

    public static byte[] NewTotpSecret() => KeyGeneration.GenerateRandomKey(20);

    public static string OtpAuthUri(byte[] secret, string email) =>
        new OtpUri(OtpType.Totp, Base32Encoding.ToString(secret), email, "Plateforme d'alerte").ToString();

    public void StoreTotpSecret(StaffAccount staff, byte[] secret) => staff.TotpSecret = Seal(secret);

    /// <summary>A code from her authenticator: the current step or one either side (clock drift), each step once only.</summary>
    public bool TotpMatches(StaffAccount staff, string code) => staff.TotpSecret is { } sealedSecret && TotpMatches(staff, Open(sealedSecret), code);

    public bool TotpMatches(StaffAccount staff, byte[] secret, string code)
    {
        var totp = new Totp(secret);
        if (!totp.VerifyTotp(time.GetUtcNow().UtcDateTime, code.Trim(), out var step, new VerificationWindow(previous: 1, future: 1))
            || step <= staff.TotpLastStep)
        {
            return false;
        }
        staff.TotpLastStep = step;
        return true;
    }

    /// <summary>Counts a failure; the fifth in a row locks the account for a while (the attempts at the door are limited too).</summary>
    public void Failed(StaffAccount staff)
    {
        staff.FailedAttempts++;
        if (staff.FailedAttempts >= MaxFailedAttempts)
        {
            staff.LockedUntil = time.GetUtcNow() + LockoutFor;
            staff.FailedAttempts = 0;
        }
    }

    public static void Succeeded(StaffAccount staff) => staff.FailedAttempts = 0;

    private byte[] Seal(byte[] secret)
    {
        using var aes = new AesGcm(Key(), AesGcm.TagByteSizes.MaxSize);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var cipher = new byte[secret.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        aes.Encrypt(nonce, secret, cipher, tag, Purpose);
        return [.. nonce, .. tag, .. cipher];
    }

    private byte[] Open(byte[] sealedSecret)
    {
        using var aes = new AesGcm(Key(), AesGcm.TagByteSizes.MaxSize);
        var nonce = sealedSecret.AsSpan(0, AesGcm.NonceByteSizes.MaxSize);
        var tag = sealedSecret.AsSpan(AesGcm.NonceByteSizes.MaxSize, AesGcm.TagByteSizes.MaxSize);
        var cipher = sealedSecret.AsSpan(AesGcm.NonceByteSizes.MaxSize + AesGcm.TagByteSizes.MaxSize);
        var secret = new byte[cipher.Length];
        aes.Decrypt(nonce, cipher, tag, secret, Purpose);
        return secret;
    }

    private static readonly byte[] Purpose = Encoding.ASCII.GetBytes("staff-totp-secret");

    /// <summary>Derived from the encryption key for this one purpose, so the key that protects refresh tokens never encrypts anything else as such.</summary>
    private byte[] Key() => HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromBase64String(options.Value.EncryptionKey!), 32,
        info: Purpose);
}
