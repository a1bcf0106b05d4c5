using Microsoft.AspNetCore.Cryptography.KeyDerivation;
using System.Security.Cryptography;

namespace Platform.Alerts.Api.Alerts.GuardingPins;

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

    /// <summary>Same cost, another salt: matches no PIN, and takes as long to say so as this hash does.</summary>
    public PinHash Decoy() => this with { Salt = DecoySalt };

    private static readonly byte[] DecoySalt = RandomNumberGenerator.GetBytes(SaltBytes);

    /// <summary>Constant-time comparison: how much of the PIN was right does not show in the time it takes.</summary>
    public bool Matches(string pin) => CryptographicOperations.FixedTimeEquals(Derive(pin, Salt, Iterations), Hash);

    private static byte[] Derive(string pin, byte[] salt, int iterations) =>
        KeyDerivation.Pbkdf2(pin, salt, KeyDerivationPrf.HMACSHA256, iterations, HashBytes);

    /// <summary>Never the hash itself: a record's generated ToString would put it in any log that prints it.</summary>
    public override string ToString() => "PinHash(***)";
}

/// <summary>
/// Her two PINs, one document per beneficiary in her association's tenant.
/// </summary>
/// <param name="Shadow">Set when her PINs were "changed" with her duress PIN: the PINs whoever made her change them believes
/// are hers now. They only ever act as her duress PIN; her own stay as they were.</param>
public sealed record AlertPins(Guid Id, PinHash Cancel, PinHash Duress, DateTimeOffset ChosenAt, ShadowPins? Shadow = null)
{
    /// <summary>
    /// What a typed PIN is. Four hashes are always computed (the shadow pair, or decoys), so the time taken tells neither
    /// which PIN it was nor whether a duress change ever happened.
    /// </summary>
    public PinVerdict Verdict(string? pin)
    {
        pin ??= "";
        var shadowCancel = (Shadow?.Cancel ?? Cancel.Decoy()).Matches(pin);
        var shadowDuress = (Shadow?.Duress ?? Duress.Decoy()).Matches(pin);
        var cancel = Cancel.Matches(pin);
        var duress = Duress.Matches(pin);
        // The shadow first: a PIN he chose acts as duress even if it happens to be one of hers.
        return (shadowCancel || shadowDuress, cancel, duress, Shadow) switch
        {
            (true, _, _, _) => PinVerdict.Duress,
            (_, true, _, _) => PinVerdict.Cancel,
            (_, _, true, null) => PinVerdict.Duress,
            (_, _, true, _) => PinVerdict.RetiredDuress,
            _ => PinVerdict.Wrong,
        };
    }
}

/// <summary>The PINs chosen in a PIN change confirmed with her duress PIN: his view of her PINs, never hers.</summary>
public sealed record ShadowPins(PinHash Cancel, PinHash Duress, DateTimeOffset ChosenAt);

public enum PinVerdict
{
    Cancel,
    /// <summary>Her duress PIN, or a PIN chosen in a duress change.</summary>
    Duress,
    /// <summary>
    /// Her duress PIN after a duress change replaced it in his view: answered as a wrong PIN (as it would be had the change
    /// been real), while her association is told.
    /// </summary>
    RetiredDuress,
    Wrong,
}
