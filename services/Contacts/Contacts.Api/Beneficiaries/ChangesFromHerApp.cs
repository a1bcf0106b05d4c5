using Platform.Contacts.Contracts;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Contacts.Api.Beneficiaries;

/// <summary>
/// Her own token changed who or what protects her: recorded beside the change, in the same commit, so her association
/// sees it in her file and is told at once (whoever holds her phone may not be her).
/// </summary>
/// <param name="ContactId">The contact concerned; null when her own number changed.</param>
/// <param name="UnderDuress">Confirmed with her duress PIN: nothing changed, her phone only shows it changed (her association
/// was told by alerts). Kept for her operators, never published as a change.</param>
public sealed record ChangedFromHerApp(Guid BeneficiaryId, ProtectionChange Change, Guid? ContactId, DateTimeOffset At,
    bool UnderDuress = false);

/// <summary>
/// A change confirmed with her duress PIN, as her phone must go on seeing it: applied to what her app reads, never to who
/// is alerted. At most one of the changes is set.
/// </summary>
public sealed record ShownToHerAppOnly(Guid BeneficiaryId, DateTimeOffset At, EmergencyContactAdded? Added = null,
    EmergencyContactRemoved? Removed = null, ContactPhoneChanged? ContactPhoneChanged = null, ProfileChanged? Profile = null)
{
    public IEnumerable<object> Changes() => new object?[] { Added, Removed, ContactPhoneChanged, Profile }.OfType<object>();
}

public static class ChangesFromHerApp
{
    /// <summary>How many her file keeps for her operators to read.</summary>
    public const int Kept = 20;

    /// <summary>
    /// The events to append for a change decided on what the caller sees. An operator's change goes as it is. Her app's
    /// change to her protection needs her PIN's confirmation (428 without it): with her PIN it goes with its notice to her
    /// association; with her duress PIN only her phone sees it, and her file notes it.
    /// </summary>
    /// <param name="before">Her real state, not what her phone is shown: a change is judged on what it really changes.</param>
    public static async Task<IReadOnlyList<object>> ToAppendAsync(IReadOnlyList<object> events, Beneficiary before, ClaimsPrincipal user,
        SentPinConfirmation pin)
    {
        if (!user.IsBeneficiary())
        {
            return events;
        }
        var notices = NoticesOf(events, before).ToList();
        if (notices.Count == 0)
        {
            return events;
        }
        var confirmation = await pin.RequireAsync(user, ActionOf(notices[0].Change));
        if (!confirmation.Duress)
        {
            return [.. events, .. notices];
        }
        var at = notices[0].At;
        return
        [
            new ShownToHerAppOnly(before.Id, at, events.OfType<EmergencyContactAdded>().FirstOrDefault(),
                events.OfType<EmergencyContactRemoved>().FirstOrDefault(), events.OfType<ContactPhoneChanged>().FirstOrDefault(),
                events.OfType<ProfileChanged>().FirstOrDefault()),
            .. notices.Select(notice => notice with { UnderDuress = true }),
        ];
    }

    public static ProtectedAction ActionOf(ProtectionChange change) => change switch
    {
        ProtectionChange.ContactAdded => ProtectedAction.AddingAContact,
        ProtectionChange.ContactRemoved => ProtectedAction.RemovingAContact,
        ProtectionChange.ContactPhoneChanged => ProtectedAction.ChangingAContactsPhone,
        _ => ProtectedAction.ChangingHerPhone,
    };

    public static IEnumerable<ChangedFromHerApp> NoticesOf(IEnumerable<object> events, Beneficiary before) =>
        events.Select(e => e switch
        {
            EmergencyContactAdded added => new ChangedFromHerApp(added.BeneficiaryId, ProtectionChange.ContactAdded, added.ContactId, added.At),
            EmergencyContactRemoved removed => new ChangedFromHerApp(removed.BeneficiaryId, ProtectionChange.ContactRemoved, removed.ContactId,
                removed.At),
            ContactPhoneChanged changed => new ChangedFromHerApp(changed.BeneficiaryId, ProtectionChange.ContactPhoneChanged, changed.ContactId,
                changed.At),
            ProfileChanged profile when profile.Phone != before.Phone =>
                new ChangedFromHerApp(profile.BeneficiaryId, ProtectionChange.HerPhoneChanged, null, profile.At),
            _ => null,
        }).OfType<ChangedFromHerApp>();
}
