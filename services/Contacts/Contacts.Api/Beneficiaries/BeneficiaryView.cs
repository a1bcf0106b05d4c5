namespace Platform.Contacts.Api.Beneficiaries;

public sealed record BeneficiaryView(Guid Id, Guid AssociationId, string DisplayName, string Language, string AlertMessage,
    IReadOnlyList<ContactView> Contacts)
{
    public static BeneficiaryView From(Beneficiary beneficiary) => new(beneficiary.Id, beneficiary.AssociationId,
        beneficiary.DisplayName, beneficiary.Language, beneficiary.AlertMessage, [.. beneficiary.Contacts.Select(ContactView.From)]);
}

public sealed record ContactView(Guid Id, string Name, string Phone, int Tier, string Language)
{
    public static ContactView From(Contact contact) => new(contact.Id, contact.Name, contact.Phone, contact.Tier, contact.Language);
}
