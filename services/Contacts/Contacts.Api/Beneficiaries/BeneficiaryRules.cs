using PhoneNumbers;

namespace Platform.Contacts.Api.Beneficiaries;

/// <summary>Input rules shared by the slices that write a beneficiary.</summary>
public static class BeneficiaryRules
{
    public const int MaxAlertMessageLength = 320;
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

    public static void RequireAlertMessage(Dictionary<string, string[]> errors, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Length > MaxAlertMessageLength)
        {
            errors["alertMessage"] = [$"Required, at most {MaxAlertMessageLength} characters."];
        }
    }

    public static string LanguageOrDefault(Dictionary<string, string[]> errors, string? value)
    {
        var language = string.IsNullOrWhiteSpace(value) ? "fr" : value.Trim().ToLowerInvariant();
        if (!Languages.Contains(language))
        {
            errors["language"] = [$"One of: {string.Join(", ", Languages)}."];
        }
        return language;
    }

    /// <summary>The number in E.164, or null (with an error) when it is not a valid phone number.</summary>
    public static string? E164OrError(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            try
            {
                var parsed = Phones.Parse(value, DefaultRegion);
                if (Phones.IsValidNumber(parsed))
                {
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
