using Platform.Contacts.Contracts;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Contacts.Api.Beneficiaries;

/// <summary>
/// Her own token changed who or what protects her: recorded beside the change, in the same commit, so her association
/// sees it in her file and is told at once (whoever holds her phone may not be her).
/// </summary>
/// <param name="ContactId">The contact concerned; null when her own number changed.</param>
public sealed record ChangedFromHerApp(Guid BeneficiaryId, ProtectionChange Change, Guid? ContactId, DateTimeOffset At);

public static class ChangesFromHerApp
{
    /// <summary>How many her file keeps for her operators to read.</summary>
    public const int Kept = 20;

    /// <summary>The events to append: the change itself, and its notice when her own app made it.</summary>
    public static IReadOnlyList<object> WithNotice(IReadOnlyList<object> events, Beneficiary before, ClaimsPrincipal user) =>
        user.IsBeneficiary() ? [.. events, .. NoticesOf(events, before)] : events;

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
