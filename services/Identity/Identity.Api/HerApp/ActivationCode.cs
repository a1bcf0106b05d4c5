using System.Security.Cryptography;
using System.Text;

namespace Platform.Identity.Api.HerApp;

/// <summary>
/// A one-time code her association gives her to enrol her app: bound to her, valid 24 hours, used once.
/// Only its hash is stored.
/// </summary>
public sealed class ActivationCode
{
    public Guid Id { get; init; }
    public Guid BeneficiaryId { get; init; }
    public Guid AssociationId { get; init; }
    public required string CodeHash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>The code's shape: 10 characters from an alphabet with no look-alikes (no 0/O, 1/I/L), in two groups.</summary>
public static class ActivationCodes
{
    /// <summary>31 symbols, ~49 bits per code: with the door's attempt limits, guessing one is hopeless.</summary>
    public const string Symbols = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public const int Length = 10;
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public static string NewCode()
    {
        Span<char> code = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            code[i] = Symbols[RandomNumberGenerator.GetInt32(Symbols.Length)];
        }
        return $"{code[..5]}-{code[5..]}";
    }

    /// <summary>What she types, as the code it means: case, spaces and dashes do not matter.</summary>
    public static string Normalize(string typed) =>
        new([.. typed.ToUpperInvariant().Where(character => !char.IsWhiteSpace(character) && character != '-')]);

    public static string Hash(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(code))));
}
