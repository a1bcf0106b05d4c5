using System.ComponentModel.DataAnnotations;

namespace Platform.TwilioSandbox;

/// <summary>The `Sandbox` configuration section: the one account the sandbox accepts.</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>Shaped like a real Account SID so clients that check the format accept it.</summary>
    public const string DefaultAccountSid = "AC00000000000000000000000000000000";

    /// <summary>A fixed development value: the sandbox never holds real credentials.</summary>
    public const string DefaultAuthToken = "sandbox-auth-token-for-local-use";

    public const int DefaultMaxRecords = 10_000;

    [Required]
    [RegularExpression("^AC[0-9a-fA-F]{32}$", ErrorMessage = "Sandbox:AccountSid must be 'AC' followed by 32 hex digits.")]
    public string AccountSid { get; set; } = DefaultAccountSid;

    [Required]
    [MinLength(1)]
    public string AuthToken { get; set; } = DefaultAuthToken;

    /// <summary>
    /// Where an SMS "from a phone" to the platform's number is delivered (the platform's inbound-SMS webhook, through
    /// its gateway), as Twilio would for the number's messaging webhook.
    /// </summary>
    public string? InboundSmsUrl { get; set; }

    /// <summary>How many messages (and, separately, calls) are kept; the oldest go first.</summary>
    [Range(1, 1_000_000)]
    public int MaxRecords { get; set; } = DefaultMaxRecords;
}
