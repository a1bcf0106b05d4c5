using Platform.Contacts.Api.Beneficiaries;
using Platform.Contacts.Api.Beneficiaries.Consenting;
using Platform.Notifications.Contracts;
using static Platform.Contacts.Tests.BeneficiaryScenarios;

namespace Platform.Contacts.Tests;

public sealed class GivingConsent
{
    private static readonly DateTimeOffset Asked = Now.AddMinutes(-10);

    [Fact]
    public void A_new_contact_is_pending_and_asked_when_added()
    {
        var she = BeneficiaryEvolution.Evolve(Enrolled(), new EmergencyContactAdded(BeneficiaryId, ContactId, "Sœur", "+33612345678", 1, "fr", Asked));

        var contact = she!.FindContact(ContactId)!;
        Assert.Equal((ConsentState.Pending, Asked, (DateTimeOffset?)null), (contact.Consent, contact.ConsentRequestedAt, contact.ConfirmedAt));
    }

    [Fact]
    public void Yes_confirms_a_pending_contact_from_the_moment_it_is_recorded()
    {
        var events = RecordingConsentReplies.Decide(WithContact(ConsentState.Pending), Reply(accepted: true), Now);

        Assert.Equal([new ContactConsentReplied(BeneficiaryId, ContactId, true, Now)], events);
        var contact = Apply(WithContact(ConsentState.Pending), events).FindContact(ContactId)!;
        Assert.Equal((ConsentState.Confirmed, (DateTimeOffset?)Now), (contact.Consent, contact.ConfirmedAt));
    }

    [Fact]
    public void No_declines_a_pending_contact()
    {
        var events = RecordingConsentReplies.Decide(WithContact(ConsentState.Pending), Reply(accepted: false), Now);

        Assert.Equal(ConsentState.Declined, Apply(WithContact(ConsentState.Pending), events).FindContact(ContactId)!.Consent);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_lapsed_contact_who_answers_again_is_recorded(bool accepted)
    {
        var events = RecordingConsentReplies.Decide(WithContact(ConsentState.Lapsed), Reply(accepted), Now);

        Assert.Equal([new ContactConsentReplied(BeneficiaryId, ContactId, accepted, Now)], events);
    }

    [Theory]
    [InlineData(ConsentState.Confirmed, true)]
    [InlineData(ConsentState.Confirmed, false)]
    [InlineData(ConsentState.Declined, true)]
    [InlineData(ConsentState.Declined, false)]
    public void A_reply_for_a_contact_who_already_answered_changes_nothing(ConsentState consent, bool accepted)
    {
        Assert.Empty(RecordingConsentReplies.Decide(WithContact(consent), Reply(accepted), Now));
    }

    [Fact]
    public void A_duplicate_reply_changes_nothing()
    {
        var once = Apply(WithContact(ConsentState.Pending), RecordingConsentReplies.Decide(WithContact(ConsentState.Pending), Reply(true), Now));

        Assert.Empty(RecordingConsentReplies.Decide(once, Reply(true), Now.AddSeconds(5)));
    }

    [Fact]
    public void A_reply_for_a_removed_contact_changes_nothing()
    {
        var removed = Apply(WithContact(ConsentState.Pending), [new EmergencyContactRemoved(BeneficiaryId, ContactId, Now)]);

        Assert.Empty(RecordingConsentReplies.Decide(removed, Reply(true), Now));
    }

    [Fact]
    public void A_reply_for_an_unknown_beneficiary_changes_nothing()
    {
        Assert.Empty(RecordingConsentReplies.Decide(null, Reply(true), Now));
    }

    [Fact]
    public void A_reply_naming_another_association_changes_nothing()
    {
        Assert.Empty(RecordingConsentReplies.Decide(WithContact(ConsentState.Pending), Reply(true) with { AssociationId = OtherAssociation }, Now));
    }

    [Fact]
    public void A_reply_older_than_the_latest_request_answers_an_earlier_one_and_changes_nothing()
    {
        // E.g. the previous holder of a number that just changed: only a reply to the new request counts.
        Assert.Empty(RecordingConsentReplies.Decide(WithContact(ConsentState.Pending), Reply(true) with { OccurredAt = Asked.AddSeconds(-1) }, Now));
    }

    [Fact]
    public void Only_the_named_contact_moves()
    {
        var other = new Contact(Guid.NewGuid(), "Ami", "+33698765432", 1, "fr", ConsentRequestedAt: Asked);
        var she = WithContact(ConsentState.Pending) with { Contacts = [.. WithContact(ConsentState.Pending).Contacts, other] };

        var after = Apply(she, RecordingConsentReplies.Decide(she, Reply(true), Now));

        Assert.Equal(other, after.FindContact(other.Id));
    }

    internal static Beneficiary WithContact(ConsentState consent, DateTimeOffset? confirmedAt = null) => Enrolled() with
    {
        Contacts = [new Contact(ContactId, "Sœur", "+33612345678", 1, "fr", AlertChannels.Sms, consent, Asked,
            confirmedAt ?? (consent == ConsentState.Confirmed ? Asked : null))],
    };

    internal static Beneficiary Apply(Beneficiary she, IEnumerable<object> events) => events.Aggregate((Beneficiary?)she, BeneficiaryEvolution.Evolve)!;

    private static ConsentReplyReceived Reply(bool accepted) => new(Guid.NewGuid(), Now.AddMinutes(-1), Association, BeneficiaryId, ContactId, accepted);
}
