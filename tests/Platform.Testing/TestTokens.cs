using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Platform.ServiceDefaults.Authentication;

namespace Platform.Testing;

/// <summary>
/// Tokens for tests. On a whole stack (<paramref name="identity"/> given) they come from the identity service's development
/// client, so they are issued, signed and checked exactly as production's; for one service tested alone, they are minted
/// with a development key of the test's own. Forgeries are always made here.
/// </summary>
/// <param name="identity">The identity service's address; null for a service tested alone.</param>
/// <param name="issuer">What the stack's tokens name as issuer (the gateway's address), for forgeries that differ in one thing only.</param>
public sealed class TestTokens(string keyDirectory, Uri? identity = null, string? issuer = null)
{
    private static readonly HttpClient IdentityClient = new() { Timeout = TimeSpan.FromSeconds(20) };
    private readonly SecurityKey _key = DevelopmentSigningKey.LoadOrCreate(keyDirectory);
    private readonly string _issuer = issuer ?? DevelopmentTokens.DefaultIssuer;

    /// <summary>The key alerts seals her PIN confirmations with (the file ./platform keeps in the same directory).</summary>
    public string PinConfirmationKey { get; } = LoadOrCreatePinConfirmationKey(keyDirectory);

    /// <summary>
    /// What alerts answers her PIN with, for a test of one service that reads it (the end-to-end tests ask alerts itself).
    /// </summary>
    public string PinConfirmation(Guid beneficiaryId, ProtectedAction action, bool duress = false, TimeProvider? time = null) =>
        new PinConfirmations(Options.Create(new PinConfirmationOptions { Key = PinConfirmationKey }), time ?? TimeProvider.System)
            .Issue(beneficiaryId, action, duress).Token;

    private static string LoadOrCreatePinConfirmationKey(string keyDirectory)
    {
        var file = Path.Combine(keyDirectory, "pin-confirmation-key");
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(keyDirectory);
            File.WriteAllText(file, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        }
        return File.ReadAllText(file).Trim();
    }

    public string KeyDirectory { get; } = keyDirectory;
    public string PublicKeyFile => Path.Combine(KeyDirectory, DevelopmentSigningKey.PublicKeyFileName);

    public static TestTokens InNewDirectory() =>
        new(Directory.CreateTempSubdirectory("platform-test-keys-").FullName);

    public string Admin() => Mint(PlatformRoles.Admin, null, Guid.CreateVersion7());
    public string Operator(Guid associationId) => Mint(PlatformRoles.Operator, associationId, Guid.CreateVersion7());
    /// <summary>An operator holding the association's admin right (its webhook endpoints).</summary>
    public string AssociationAdmin(Guid associationId) =>
        Mint(PlatformRoles.Operator, associationId, Guid.CreateVersion7(), [PlatformRights.AssociationAdmin]);
    /// <summary>An operator holding the association's evidence right (reads, exports and holds recordings).</summary>
    public string EvidenceOfficer(Guid associationId) =>
        Mint(PlatformRoles.Operator, associationId, Guid.CreateVersion7(), [PlatformRights.Evidence]);
    public string Beneficiary(Guid associationId, Guid beneficiaryId) => Mint(PlatformRoles.Beneficiary, associationId, beneficiaryId);

    /// <summary>
    /// A beneficiary's token as an attacker would make it: otherwise valid, with one thing wrong (the key, the algorithm,
    /// the audience, the dates or the token type).
    /// </summary>
    public string Forged(Guid associationId, Guid beneficiaryId, ForgedToken flaw)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = _issuer,
            Audience = flaw == ForgedToken.WrongAudience ? "another-platform" : DevelopmentTokens.DefaultAudience,
            Claims = new Dictionary<string, object>
            {
                [PlatformClaims.Subject] = beneficiaryId.ToString(),
                [PlatformClaims.Role] = PlatformRoles.Beneficiary,
                [PlatformClaims.AssociationId] = associationId.ToString(),
            },
            IssuedAt = flaw == ForgedToken.Expired ? now.AddHours(-2) : now,
            NotBefore = flaw == ForgedToken.Expired ? now.AddHours(-2) : now,
            Expires = flaw == ForgedToken.Expired ? now.AddHours(-1) : now.AddMinutes(10),
            TokenType = flaw == ForgedToken.IdentityToken ? "id+jwt" : null,
            SigningCredentials = flaw switch
            {
                ForgedToken.AlgNone => null,
                ForgedToken.AnotherKey => new SigningCredentials(
                    new ECDsaSecurityKey(System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256)),
                    SecurityAlgorithms.EcdsaSha256),
                // The public key's bytes used as an HMAC secret: the classic algorithm-confusion forgery.
                ForgedToken.SymmetricWithThePublicKey => new SigningCredentials(
                    new SymmetricSecurityKey(File.ReadAllBytes(PublicKeyFile)), SecurityAlgorithms.HmacSha256),
                _ => new SigningCredentials(_key, SecurityAlgorithms.EcdsaSha256),
            },
        };
        return new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(descriptor);
    }

    public string Mint(string role, Guid? associationId, Guid subject, IReadOnlyList<string>? rights = null) =>
        identity is null
            ? DevelopmentTokens.Mint(_key, role, associationId, subject, TimeSpan.FromMinutes(30), TimeProvider.System, rights)
            : DevelopmentTokenClient.Request(IdentityClient, identity, role, associationId, subject, rights, lifetimeMinutes: 30);
}

/// <summary>What is wrong with a forged token (<see cref="TestTokens.Forged"/>).</summary>
public enum ForgedToken
{
    /// <summary>Nothing: the control, which must pass.</summary>
    None,
    /// <summary><c>alg: none</c>, no signature.</summary>
    AlgNone,
    AnotherKey,
    SymmetricWithThePublicKey,
    WrongAudience,
    Expired,
    /// <summary>Typed as an ID token, not an access token.</summary>
    IdentityToken,
}
