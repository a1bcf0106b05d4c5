using Platform.Contacts.Api.Beneficiaries;

namespace Platform.Contacts.Tests;

/// <summary>The facts the beneficiary rules are tested against: time is data, never the clock.</summary>
internal static class BeneficiaryScenarios
{
    public static readonly DateTimeOffset Now = new(2025, 3, 14, 21, 30, 0, TimeSpan.Zero);
    public static readonly Guid Association = new("0b4c1e4a-0000-4000-8000-000000000001");
    public static readonly Guid OtherAssociation = new("0b4c1e4a-0000-4000-8000-000000000002");
    public static readonly Guid BeneficiaryId = new("be7e0000-0000-4000-8000-000000000001");
    public static readonly Guid ContactId = new("c0c0c0c0-0000-4000-8000-000000000001");
    public const string AlertMessage = "J'ai besoin d'aide, appelle la police.";

    public static Beneficiary Enrolled(string language = "fr") =>
        new(BeneficiaryId, Association, "Camille", language, AlertMessage, []);

    public static Beneficiary WithContacts(int count) => Enrolled() with
    {
        Contacts = [.. Enumerable.Range(0, count).Select(i => new Contact(Guid.NewGuid(), $"Contact {i}", $"+3361234560{i}", 1, "fr"))],
    };
}
