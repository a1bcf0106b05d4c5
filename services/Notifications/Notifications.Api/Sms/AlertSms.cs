using Platform.Alerts.Contracts;
using Platform.Contacts.Contracts;
using Platform.Notifications.Api.Contacts;
using Platform.Sms;

namespace Platform.Notifications.Api.Sms;

/// <summary>
/// The text a contact receives: her own words first, then who and where, in the contact's language. Laid out by
/// <see cref="AlertSmsLayout"/>, the same definition the contacts service limits her message with.
/// </summary>
public static class AlertSms
{
    public static string Compose(ContactsCopy beneficiary, EmergencyContact contact, AlertLocation location) =>
        AlertSmsLayout.Compose(beneficiary.AlertMessage, beneficiary.DisplayName, contact.Language, location.Latitude,
            location.Longitude, location.AccuracyMeters, beneficiary.NeutralWording);

    /// <summary>A plain map link any phone opens, with no app and no account.</summary>
    public static string MapLink(AlertLocation location) => AlertSmsLayout.MapLink(location.Latitude, location.Longitude);
}
