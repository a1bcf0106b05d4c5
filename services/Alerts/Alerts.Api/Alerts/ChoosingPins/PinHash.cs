using Microsoft.AspNetCore.Cryptography.KeyDerivation;
using System.Security.Cryptography;

namespace Platform.Alerts.Api.Alerts.ChoosingPins;

/// <summary>
/// A PIN as it is kept: PBKDF2-SHA256 with a random salt of its own, so a stolen table cannot be matched to PINs in bulk
/// and her two PINs cannot be told apart by their hashes.
/// </summary>
public sealed record PinHash(byte[] Salt, byte[] Hash, int Iterations)
{
    public const int DefaultIterations = 100_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static PinHash Of(string pin, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new PinHash(salt, Derive(pin, salt, iterations), iterations);
    }

    /// <summary>Constant-time comparison: how much of the PIN was right does not show in the time it takes.</summary>
    public bool Matches(string pin) => CryptographicOperations.FixedTimeEquals(Derive(pin, Salt, Iterations), Hash);

    private static byte[] Derive(string pin, byte[] salt, int iterations) =>
        KeyDerivation.Pbkdf2(pin, salt, KeyDerivationPrf.HMACSHA256, iterations, HashBytes);

    /// <summary>Never the hash itself: a record's generated ToString would put it in any log that prints it.</summary>
    public override string ToString() => "PinHash(***)";
}

/// <summary>Her two PINs, one document per beneficiary in her association's tenant.</summary>
/// <param name="Id">Her beneficiary id.</param>
/// <param name="WrongChangeAttempts">Wrong current PINs given to change her PINs since the last good one.</param>
/// <param name="ChangesRefusedUntil">After too many, changes are refused for a while (alerts and cancels never are).</param>
public sealed record AlertPins(Guid Id, PinHash Cancel, PinHash Duress, DateTimeOffset ChosenAt, int WrongChangeAttempts = 0,
    DateTimeOffset? ChangesRefusedUntil = null);
