using JasperFx.Events;
using Marten;
using Platform.Contacts.Api.Beneficiaries;
using Platform.Contacts.Api.Rosters;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.EventStore;
using Contract = Platform.Contacts.Contracts;

namespace Platform.Contacts.Api;

/// <summary>What the contacts service tells others: every change of a beneficiary republishes her full snapshot.</summary>
public sealed class ContactsOutbox : IIntegrationEventMapper
{
    public async ValueTask<IReadOnlyList<OutgoingMessage>> MapAsync(IEvent committed, IDocumentOperations operations,
        CancellationToken cancellationToken)
    {
        if (committed.Data is RosterReplaced replaced)
        {
            var rosterId = DeterministicIds.From(committed.Id, nameof(Contract.RosterChanged));
            return [new(rosterId, RosterSnapshot(rosterId, committed, replaced))];
        }
        if (committed.Data is RosterGapWarned gap)
        {
            var gapId = DeterministicIds.From(committed.Id, nameof(Contract.RosterGapAhead));
            // Worded in the roster's own zone: the people it warns read their wall clock.
            var roster = (await operations.Events.FetchStreamAsync(committed.StreamId, committed.Version, token: cancellationToken))
                .Aggregate(default(Roster), (state, e) => Roster.Evolve(state, e.Data));
            var zone = roster?.Members.SelectMany(m => m.Shifts).Select(s => s.TimeZone).FirstOrDefault() ?? OnCallSchedule.DefaultTimeZone;
            return [new(gapId, new Contract.RosterGapAhead(gapId, gap.At, gap.AssociationId,
                gap.From == RosterGapWarning.OpenSince ? gap.At : gap.From, gap.To, zone))];
        }
        if (committed.Data is ChangedFromHerApp { UnderDuress: false } changed)
        {
            // Her association hears it on its own: the snapshot went out with the change itself.
            var changedId = DeterministicIds.From(committed.Id, nameof(Contract.HerProtectionChanged));
            var associationId = (await operations.Events.FetchStreamAsync(committed.StreamId, 1, token: cancellationToken))
                .Select(e => e.Data).OfType<BeneficiaryEnrolled>().Single().AssociationId;
            return [new(changedId, new Contract.HerProtectionChanged(changedId, changed.At, associationId, changed.BeneficiaryId,
                changed.Change, changed.ContactId))];
        }
        if (committed.Data is not (BeneficiaryEnrolled or AlertMessageWritten or ProfileChanged or EmergencyContactAdded
            or ContactPhoneChanged or ContactConsentReplied or ContactConsentLapsed or EmergencyContactRemoved))
        {
            return [];
        }
        // The snapshot as of this event, not as of now: replaying an old page never publishes newer state under an old version.
        var history = await operations.Events.FetchStreamAsync(committed.StreamId, committed.Version, token: cancellationToken);
        var beneficiary = history.Aggregate(default(Beneficiary), (state, e) => BeneficiaryEvolution.Evolve(state, e.Data))!;
        return Map(committed, beneficiary);
    }

    /// <summary>
    /// The snapshot goes first: a contact whose consent moved is never asked or told anything before notifications
    /// holds the state that says whether to alert them.
    /// </summary>
    public static IReadOnlyList<OutgoingMessage> Map(IEvent committed, Beneficiary beneficiary)
    {
        var messages = new List<OutgoingMessage>();
        if (committed.Data is BeneficiaryEnrolled enrolled)
        {
            var enrolledId = MessageId(committed, nameof(Contract.BeneficiaryEnrolled));
            messages.Add(new(enrolledId, new Contract.BeneficiaryEnrolled(enrolledId, enrolled.At, beneficiary.AssociationId, beneficiary.Id)));
        }
        var changedId = MessageId(committed, nameof(Contract.ContactsChanged));
        messages.Add(new(changedId, Snapshot(changedId, committed, beneficiary)));
        var (contactId, reconfirmation) = committed.Data switch
        {
            EmergencyContactAdded e => (e.ContactId, (bool?)false),
            ContactPhoneChanged e => (e.ContactId, false),
            ContactConsentLapsed e => (e.ContactId, true),
            ContactConsentReplied e => (e.ContactId, null),
            _ => (Guid.Empty, null),
        };
        if (contactId == Guid.Empty || beneficiary.FindContact(contactId) is not { } contact)
        {
            return messages;
        }
        if (committed.Data is not EmergencyContactAdded)
        {
            var consentId = MessageId(committed, nameof(Contract.ContactConsentChanged));
            messages.Add(new(consentId, new Contract.ContactConsentChanged(consentId, committed.Timestamp, beneficiary.AssociationId,
                beneficiary.Id, contact.Id, ToContract(contact.Consent))));
        }
        if (reconfirmation is { } isReconfirmation)
        {
            var requestId = MessageId(committed, nameof(Contract.ContactConsentRequested));
            messages.Add(new(requestId, new Contract.ContactConsentRequested(requestId, committed.Timestamp, beneficiary.AssociationId,
                beneficiary.Id, contact.Id, contact.Phone, contact.Language, beneficiary.DisplayName, beneficiary.NeutralWording,
                isReconfirmation)));
        }
        return messages;
    }

    public static Contract.ContactsChanged Snapshot(Guid eventId, IEvent committed, Beneficiary beneficiary) => new(
        eventId, committed.Timestamp, beneficiary.AssociationId, beneficiary.Id, committed.Version, beneficiary.DisplayName,
        beneficiary.Language, beneficiary.AlertMessage,
        [.. beneficiary.Contacts.Select(c => new Contract.EmergencyContact(c.Id, c.Name, c.Phone, c.Tier, c.Language,
            ToContract(c.Consent), ToContract(c.Channels)))],
        beneficiary.Phone, beneficiary.NeutralWording);

    public static Contract.RosterChanged RosterSnapshot(Guid eventId, IEvent committed, RosterReplaced replaced) => new(
        eventId, committed.Timestamp, replaced.AssociationId, committed.Version,
        [.. replaced.Members.Select(m => new Contract.RosterMember(m.OperatorId, m.Name, m.Phone,
            [.. m.Shifts.Select(s => new Contract.WeeklyShift(s.Day, s.Start, s.End, s.TimeZone))], m.AssociationAdmin))]);

    private static Guid MessageId(IEvent committed, string messageType) => DeterministicIds.From(committed.Id, messageType);

    private static Contract.ContactConsent ToContract(ConsentState consent) => consent switch
    {
        ConsentState.Confirmed => Contract.ContactConsent.Confirmed,
        ConsentState.Declined => Contract.ContactConsent.Declined,
        ConsentState.Lapsed => Contract.ContactConsent.Lapsed,
        _ => Contract.ContactConsent.Pending,
    };

    private static IReadOnlyList<Contract.ContactChannel> ToContract(AlertChannels channels) =>
    [
        .. channels.HasFlag(AlertChannels.Sms) ? [Contract.ContactChannel.Sms] : Array.Empty<Contract.ContactChannel>(),
        .. channels.HasFlag(AlertChannels.Voice) ? [Contract.ContactChannel.Voice] : Array.Empty<Contract.ContactChannel>(),
    ];
}
