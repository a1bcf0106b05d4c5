using Platform.Alerts.Contracts;
using Platform.Contacts.Contracts;
using Platform.Notifications.Api.Contacts;

namespace Platform.Notifications.Tests;

/// <summary>The facts the notification rules are tested against: time is data, never the clock.</summary>
internal static class NotificationScenarios
{
    public static readonly DateTimeOffset Now = new(2025, 3, 14, 21, 30, 0, TimeSpan.Zero);
    public static readonly Guid Association = new("0b4c1e4a-0000-4000-8000-000000000001");
    public static readonly Guid Beneficiary = new("be7e0000-0000-4000-8000-000000000001");
    public static readonly Guid AlertId = new("a1e70000-0000-4000-8000-000000000001");
    public const string AlertMessage = "J'ai besoin d'aide, appelle la police.";

    /// <summary>A contact's link to her alert page as the SMS carries it.</summary>
    public const string PageLink = "https://gateway.example.org/a/AbCdEfGhIjKlMnOpQrStUvWxYz0";

    /// <summary>A contact who accepted: the only kind ever alerted.</summary>
    public static EmergencyContact Contact(int tier, string language = "fr", string? name = null) =>
        new(Guid.NewGuid(), name ?? $"Tier {tier}", "+33612345678", tier, language, ContactConsent.Confirmed);

    public static ContactsCopy Her(params EmergencyContact[] contacts) =>
        new(Beneficiary, Association, 3, "Camille", "fr", AlertMessage, contacts);

    /// <summary>An operator whose weekly shift covers <see cref="Now"/> (a Friday, 22:30 in Paris), or one who is on Saturdays.</summary>
    public static RosterMember Operator(string name, bool onCall) =>
        new(Guid.NewGuid(), name, "+33700000000", [onCall
            ? new WeeklyShift(DayOfWeek.Friday, new TimeOnly(22, 0), new TimeOnly(23, 0), "Europe/Paris")
            : new WeeklyShift(DayOfWeek.Saturday, new TimeOnly(9, 0), new TimeOnly(17, 0), "Europe/Paris")]);

    public static RosterCopy Roster(params RosterMember[] members) => new(Association, 1, members);

    public static AlertLocation At(double latitude = 45.7772, double longitude = 3.087, double accuracyMeters = 12.4) =>
        new(latitude, longitude, accuracyMeters, Now);
}
