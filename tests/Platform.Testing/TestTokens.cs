using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Platform.ServiceDefaults.Authentication;

namespace Platform.Testing;

/// <summary>A development signing key of the test's own, and tokens shaped like production's.</summary>
public sealed class TestTokens
{
    private readonly SecurityKey _key;

    public TestTokens(string keyDirectory)
    {
        KeyDirectory = keyDirectory;
        _key = DevelopmentSigningKey.LoadOrCreate(keyDirectory);
        PinConfirmationKey = LoadOrCreatePinConfirmationKey(keyDirectory);
    }

    /// <summary>The key alerts seals her PIN confirmations with (the file ./platform keeps in the same directory).</summary>
    public string PinConfirmationKey { get; }

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

    public string KeyDirectory { get; }
    public string PublicKeyFile => Path.Combine(KeyDirectory, DevelopmentSigningKey.PublicKeyFileName);

    public static TestTokens InNewDirectory() =>
        new(Directory.CreateTempSubdirectory("platform-test-keys-").FullName);

    public string Admin() => Mint(PlatformRoles.Admin, null, Guid.CreateVersion7());
    public string Operator(Guid associationId) => Mint(PlatformRoles.Operator, associationId, Guid.CreateVersion7());
    /// <summary>An operator holding the association's admin right (its webhook endpoints).</summary>
    public string AssociationAdmin(Guid associationId) =>
        DevelopmentTokens.Mint(_key, PlatformRoles.Operator, associationId, Guid.CreateVersion7(), TimeSpan.FromMinutes(30), TimeProvider.System,
            [PlatformRights.AssociationAdmin]);
    /// <summary>An operator holding the association's evidence right (reads, exports and holds recordings).</summary>
    public string EvidenceOfficer(Guid associationId) =>
        DevelopmentTokens.Mint(_key, PlatformRoles.Operator, associationId, Guid.CreateVersion7(), TimeSpan.FromMinutes(30), TimeProvider.System,
            [PlatformRights.Evidence]);
    public string Beneficiary(Guid associationId, Guid beneficiaryId) => Mint(PlatformRoles.Beneficiary, associationId, beneficiaryId);

    public string Mint(string role, Guid? associationId, Guid subject) =>
        DevelopmentTokens.Mint(_key, role, associationId, subject, TimeSpan.FromMinutes(30), TimeProvider.System);
}
