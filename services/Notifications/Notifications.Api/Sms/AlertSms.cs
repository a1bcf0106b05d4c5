using Platform.Alerts.Contracts;
using Platform.Contacts.Contracts;
using Platform.Notifications.Api.Contacts;
using System.Globalization;

namespace Platform.Notifications.Api.Sms;

/// <summary>The text a contact receives: her own words first, then who and where, in the contact's language.</summary>
public static class AlertSms
{
    public static string Compose(ContactsCopy beneficiary, EmergencyContact contact, AlertLocation location)
    {
        var link = MapLink(location);
        var accuracy = Math.Round(location.AccuracyMeters).ToString(CultureInfo.InvariantCulture);
        var line = contact.Language == "en"
            ? $"{beneficiary.DisplayName} needs help. Position (accuracy {accuracy} m): {link}"
            : $"{beneficiary.DisplayName} a besoin d'aide. Position (précision {accuracy} m) : {link}";
        return $"{beneficiary.AlertMessage}\n{line}";
    }

    /// <summary>A plain map link any phone opens, with no app and no account.</summary>
    public static string MapLink(AlertLocation location)
    {
        var latitude = location.Latitude.ToString("F5", CultureInfo.InvariantCulture);
        var longitude = location.Longitude.ToString("F5", CultureInfo.InvariantCulture);
        return $"https://www.openstreetmap.org/?mlat={latitude}&mlon={longitude}#map=17/{latitude}/{longitude}";
    }
}
