using PhoneNumbers;
using Platform.Sms;

namespace Platform.Contacts.Api.Beneficiaries;

/// <summary>Input rules shared by the slices that write a beneficiary.</summary>
public static class BeneficiaryRules
{
    public const int MaxNameLength = 80;
    public static readonly IReadOnlyList<string> Languages = ["fr", "en"];
    /// <summary>Numbers written without a country code are read as French: the platform's first region.</summary>
    public const string DefaultRegion = "FR";

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public static void RequireName(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Length > MaxNameLength)
        {
            errors[field] = [$"Required, at most {MaxNameLength} characters (an alias is fine)."];
        }
    }

    /// <summary>
    /// Her message must fit, with what the platform adds (her name, position, map link, her alert page link), in two
    /// SMS: a third part may arrive late or out of order on a contact's phone. It is counted as it will be sent, after
    /// transliteration to GSM-7 ("ç" as "c", "’" as "'"). With neutral wording it must not sound alarming.
    /// </summary>
    public static void RequireAlertMessage(Dictionary<string, string[]> errors, string? value, string? displayName, bool neutralWording)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors["alertMessage"] = ["Required."];
            return;
        }
        var message = value.Trim();
        var name = displayName?.Trim() ?? "";
        var room = AlertSmsLayout.RoomLeft(message, name);
        if (room < 0)
        {
            var outside = SmsSegments.OutsideGsm7(GsmTransliteration.Transliterate($"{message}\n{name}"));
            errors["alertMessage"] = [outside.Count == 0
                ? $"{-room} characters too long: with what the platform adds (her name, position, map link and the link to her alert page) the alert must fit in {AlertSmsLayout.MaxSegments} SMS. € [ ] {{ }} ^ ~ | \\ count as two characters."
                : $"{-room} characters too long: with what the platform adds (her name, position, map link and the link to her alert page) the alert must fit in {AlertSmsLayout.MaxSegments} SMS, and these characters, which have no form in the SMS alphabet, make it take twice the room ({SmsSegments.Ucs2PerSegment} instead of {SmsSegments.Gsm7PerSegment} characters per SMS): {string.Join(" ", outside)}. {WithoutThem(message, name)}"];
        }
        else if (neutralWording && NeutralWording.SoundsAlarming(value))
        {
            errors["alertMessage"] = ["With neutral wording her message must not mention violence or danger: someone else may read her contacts' phones."];
        }
    }

    private static string WithoutThem(string message, string name)
    {
        var room = AlertSmsLayout.RoomLeft(Gsm7Only(message), Gsm7Only(name));
        return room >= 0
            ? $"Written without them, {room} characters would be left."
            : $"Even written without them, it would be {-room} characters too long.";
    }

    /// <summary>The text as it will be sent, with each character that has no GSM-7 form written "?".</summary>
    private static string Gsm7Only(string text) =>
        string.Concat(GsmTransliteration.Transliterate(text).EnumerateRunes().Select(rune => rune.ToString())
            .Select(c => SmsSegments.OutsideGsm7(c).Count == 0 ? c : "?"));

    /// <summary>Her own number is optional: empty means she gave none.</summary>
    public static string? OptionalE164OrError(Dictionary<string, string[]> errors, string field, string? value,
        PhoneNumberRules? rules = null) =>
        string.IsNullOrWhiteSpace(value) ? null : E164OrError(errors, field, value, rules);

    public static string LanguageOrDefault(Dictionary<string, string[]> errors, string? value)
    {
        var language = string.IsNullOrWhiteSpace(value) ? "fr" : value.Trim().ToLowerInvariant();
        if (!Languages.Contains(language))
        {
            errors["language"] = [$"One of: {string.Join(", ", Languages)}."];
        }
        return language;
    }

    /// <summary>
    /// The number in E.164, or null (with an error) when it is not a valid phone number or not one the platform reaches
    /// (<see cref="PhoneNumberRules"/>; the documented default when none is given).
    /// </summary>
    public static string? E164OrError(Dictionary<string, string[]> errors, string field, string? value, PhoneNumberRules? rules = null)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            try
            {
                var parsed = Phones.Parse(value, DefaultRegion);
                if (Phones.IsValidNumber(parsed))
                {
                    if ((rules ?? PhoneNumberRules.Default).RefusalOf(parsed) is { } refusal)
                    {
                        errors[field] = [refusal];
                        return null;
                    }
                    return Phones.Format(parsed, PhoneNumberFormat.E164);
                }
            }
            catch (NumberParseException)
            {
                // Reported below like any other invalid number.
            }
        }
        errors[field] = ["A valid phone number is required, in international form (+33 6 12 34 56 78) or French national form."];
        return null;
    }
}
