using PhoneNumbers;

namespace Platform.Contacts.Api.Beneficiaries;

/// <summary>Which phone numbers the platform texts and calls (contacts, her own, the on-call roster).</summary>
/// <param name="AllowedRegions">ISO 3166 regions whose numbers are accepted; none set means France (with its overseas
/// regions) and the rest of the EU. Every SMS to a number costs the association; a number elsewhere is a bill someone
/// else chose.</param>
public sealed class PhoneNumberOptions
{
    public const string Section = "Contacts:PhoneNumbers";

    public string[]? AllowedRegions { get; set; }
}

/// <summary>The reachable-number rule as data, so the pure Decide functions take it like time and ids.</summary>
public sealed record PhoneNumberRules(IReadOnlySet<string> AllowedRegions)
{
    /// <summary>France, its overseas departments and territories (their own region codes), and the other EU members.</summary>
    public static readonly PhoneNumberRules Default = new(new HashSet<string>(
    [
        "FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "NC", "PF", "WF",
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL",
        "PT", "RO", "SK", "SI", "ES", "SE",
    ], StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// A person's phone only: premium-rate, shared-cost, toll-free, paging, voicemail-only and "universal access" numbers
    /// are services that cost or earn money per message, never a friend's phone. libphonenumber knows each country's ranges.
    /// </summary>
    private static readonly HashSet<PhoneNumberType> PersonalTypes =
    [
        PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.VOIP,
        PhoneNumberType.PERSONAL_NUMBER,
    ];

    public static PhoneNumberRules From(PhoneNumberOptions options) =>
        options.AllowedRegions is { Length: > 0 } regions
            ? new PhoneNumberRules(new HashSet<string>(regions, StringComparer.OrdinalIgnoreCase))
            : Default;

    /// <summary>Why this (valid) number cannot be reached, or null when it can.</summary>
    public string? RefusalOf(PhoneNumber number)
    {
        var util = PhoneNumberUtil.GetInstance();
        var region = util.GetRegionCodeForNumber(number);
        if (region is null or "001" or "ZZ")
        {
            // +881, +882, +870...: satellite and international networks, billed at several euros a message.
            return "Satellite and international network numbers are refused: a contact must have a national phone number.";
        }
        if (!AllowedRegions.Contains(region))
        {
            return $"Numbers of {region} cannot be reached from this platform; it reaches numbers of France and the EU.";
        }
        if (!PersonalTypes.Contains(util.GetNumberType(number)))
        {
            return "Premium-rate, shared-cost, toll-free and service numbers are refused: a contact must be a person's phone.";
        }
        return null;
    }
}

public static class PhoneNumberSetup
{
    public static WebApplicationBuilder AddPhoneNumberRules(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PhoneNumberOptions>().BindConfiguration(PhoneNumberOptions.Section)
            .Validate(options => options.AllowedRegions is null || options.AllowedRegions.All(region =>
                PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(region.ToUpperInvariant())),
                "Contacts:PhoneNumbers:AllowedRegions holds a region libphonenumber does not know (ISO 3166 alpha-2, e.g. FR).")
            .ValidateOnStart();
        builder.Services.AddSingleton(services =>
            PhoneNumberRules.From(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PhoneNumberOptions>>().Value));
        return builder;
    }
}
