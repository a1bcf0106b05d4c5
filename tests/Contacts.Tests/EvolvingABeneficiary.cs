using Platform.Contacts.Api.Beneficiaries;
using static Platform.Contacts.Tests.BeneficiaryScenarios;

namespace Platform.Contacts.Tests;

public sealed class EvolvingABeneficiary
{
    [Fact]
    public void Enrolment_makes_a_beneficiary_with_no_contacts_yet()
    {
        var she = BeneficiaryEvolution.Evolve(null, new BeneficiaryEnrolled(BeneficiaryId, Association, "Camille", "fr", AlertMessage, Now));

        Assert.Equal(Enrolled(), she! with { Contacts = Enrolled().Contacts });
        Assert.Empty(she.Contacts);
    }

    [Fact]
    public void A_written_alert_message_replaces_the_previous_one()
    {
        var she = BeneficiaryEvolution.Evolve(Enrolled(), new AlertMessageWritten(BeneficiaryId, "Viens vite.", Now));

        Assert.Equal("Viens vite.", she!.AlertMessage);
    }

    [Fact]
    public void Added_contacts_are_listed_in_the_order_they_were_added()
    {
        object[] history =
        [
            new BeneficiaryEnrolled(BeneficiaryId, Association, "Camille", "fr", AlertMessage, Now),
            new EmergencyContactAdded(BeneficiaryId, ContactId, "Sœur", "+33612345678", 1, "fr", Now.AddMinutes(1)),
            new EmergencyContactAdded(BeneficiaryId, ContactId2, "Friend", "+447700900123", 2, "en", Now.AddMinutes(2)),
        ];

        var she = history.Aggregate(default(Beneficiary), BeneficiaryEvolution.Evolve);

        Assert.Equal(
            [
                new Contact(ContactId, "Sœur", "+33612345678", 1, "fr", ConsentRequestedAt: Now.AddMinutes(1)),
                new Contact(ContactId2, "Friend", "+447700900123", 2, "en", ConsentRequestedAt: Now.AddMinutes(2)),
            ],
            she!.Contacts);
    }

    [Fact]
    public void Nothing_before_her_enrolment_makes_a_beneficiary()
    {
        var she = BeneficiaryEvolution.Evolve(null, new AlertMessageWritten(BeneficiaryId, "Viens vite.", Now));

        Assert.Null(she);
    }

    [Fact]
    public void A_second_enrolment_does_not_reset_her()
    {
        var she = WithContacts(2);

        var after = BeneficiaryEvolution.Evolve(she, new BeneficiaryEnrolled(BeneficiaryId, OtherAssociation, "Autre", "en", "Autre", Now));

        Assert.Same(she, after);
    }

    private static readonly Guid ContactId2 = new("c0c0c0c0-0000-4000-8000-000000000002");
}
