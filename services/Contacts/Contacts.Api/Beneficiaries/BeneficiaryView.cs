using Platform.Sms;

namespace Platform.Contacts.Api.Beneficiaries;

/// <param name="AlertMessageRoomLeft">Characters her message may still grow by and fit, with the platform's line, in two SMS.</param>
/// <param name="ChangesFromHerApp">Operators only (absent from her own reads: whoever holds her phone must not learn her
/// association watches): the last changes her app made to her contacts and her number.</param>
public sealed record BeneficiaryView(Guid Id, Guid AssociationId, string DisplayName, string Language, string AlertMessage,
    IReadOnlyList<ContactView> Contacts, string? Phone, bool NeutralWording, int AlertMessageRoomLeft,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<ChangedFromHerApp>? ChangesFromHerApp = null)
{
    public static BeneficiaryView From(Beneficiary beneficiary) => new(beneficiary.Id, beneficiary.AssociationId,
        beneficiary.DisplayName, beneficiary.Language, beneficiary.AlertMessage, [.. beneficiary.Contacts.Select(ContactView.From)],
        beneficiary.Phone, beneficiary.NeutralWording, AlertSmsLayout.RoomLeft(beneficiary.AlertMessage, beneficiary.DisplayName));

    public static BeneficiaryView ForOperators(Beneficiary beneficiary) =>
        From(beneficiary) with { ChangesFromHerApp = [.. beneficiary.ChangesFromHerApp.Reverse()] };
}

/// <param name="Consent">Only a confirmed contact is alerted.</param>
public sealed record ContactView(Guid Id, string Name, string Phone, int Tier, string Language, IReadOnlyList<string> Channels,
    ConsentState Consent, DateTimeOffset? ConfirmedAt)
{
    public static ContactView From(Contact contact) => new(contact.Id, contact.Name, contact.Phone, contact.Tier, contact.Language,
        ContactChannels.Names(contact.Channels), contact.Consent, contact.ConfirmedAt);
}

/// <summary>How a contact wants to be reached, as the API writes it: ["sms", "voice"].</summary>
public static class ContactChannels
{
    private static readonly (string Name, AlertChannels Channel)[] Known = [("sms", AlertChannels.Sms), ("voice", AlertChannels.Voice)];

    public static IReadOnlyList<string> Names(AlertChannels channels) =>
        [.. Known.Where(known => channels.HasFlag(known.Channel)).Select(known => known.Name)];

    /// <summary>None given means SMS.</summary>
    public static AlertChannels ParseOrError(Dictionary<string, string[]> errors, IReadOnlyList<string>? names)
    {
        if (names is null || names.Count == 0)
        {
            return AlertChannels.Sms;
        }
        var channels = default(AlertChannels);
        foreach (var name in names)
        {
            var known = Known.FirstOrDefault(k => string.Equals(k.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (known.Name is null)
            {
                errors["channels"] = [$"Each one of: {string.Join(", ", Known.Select(k => k.Name))}."];
                return AlertChannels.Sms;
            }
            channels |= known.Channel;
        }
        return channels;
    }
}
