using Microsoft.Extensions.Options;
using Platform.Sms;

namespace Platform.Notifications.Api.Following;

/// <summary>
/// Where the alert page is reached, how its links are signed, and how long it stays after the alert ends
/// (section <c>Notifications:AlertPage</c>).
/// </summary>
public sealed class AlertPageSettings
{
    public const string Section = "Notifications:AlertPage";

    /// <summary>The public address the links start with; by default Twilio:WebhookBaseUrl, the gateway's public address.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// Base64, at least 32 bytes. Changing it turns every link already sent into a refusal, so it is a secret kept like
    /// Twilio's credentials, never regenerated at startup.
    /// </summary>
    public string SigningKey { get; set; } = "";

    /// <summary>
    /// After the alert is resolved or cancelled the page says only that it is over, for this long, then refuses: a
    /// contact who opens the link late learns not to go, and nothing of her stays reachable.
    /// </summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often an open page asks for her newest position.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    public const int MinimumKeyBytes = 32;

    /// <summary>The signing key's bytes (valid settings only).</summary>
    public byte[] KeyBytes() => Convert.FromBase64String(SigningKey);

    /// <summary>The link's public part, "{base}/a/" (valid settings only).</summary>
    public string LinkPrefix() => $"{BaseUrl!.GetLeftPart(UriPartial.Path).TrimEnd('/')}{AlertPageEndpoints.Prefix}/";

    /// <summary>What is wrong with these settings, or null: the service refuses to start rather than send dead links.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(SigningKey))
        {
            return $"{Section}:SigningKey must be set (base64, at least {MinimumKeyBytes} bytes; ./platform generates one locally).";
        }
        var key = new byte[SigningKey.Length];
        if (!Convert.TryFromBase64String(SigningKey, key, out var length) || length < MinimumKeyBytes)
        {
            return $"{Section}:SigningKey must be base64 of at least {MinimumKeyBytes} bytes.";
        }
        if (BaseUrl is not { IsAbsoluteUri: true } || (BaseUrl.Scheme != Uri.UriSchemeHttps && BaseUrl.Scheme != Uri.UriSchemeHttp)
            || BaseUrl.Query.Length > 0 || BaseUrl.Fragment.Length > 0)
        {
            return $"{Section}:BaseUrl (or Twilio:WebhookBaseUrl) must be the gateway's public http(s) address.";
        }
        var longest = LinkPrefix().Length + AlertPageTokens.TokenLength;
        if (longest > AlertSmsLayout.MaxPageLinkLength)
        {
            // The contacts service limits her message counting this much room for the link: a longer one would not fit.
            return $"{Section}:BaseUrl is too long: the alert page's link would take {longest} characters, the SMS keeps " +
                   $"{AlertSmsLayout.MaxPageLinkLength}.";
        }
        return null;
    }

    /// <summary>Binds the section, with the gateway's public address (Twilio:WebhookBaseUrl) as the default base.</summary>
    public void BindFrom(IConfiguration configuration)
    {
        configuration.GetSection(Section).Bind(this);
        BaseUrl ??= configuration.GetValue<Uri?>("Twilio:WebhookBaseUrl");
    }

    /// <summary>Checked when the host starts: a missing or weak key stops the service, like missing Twilio settings do.</summary>
    internal sealed class Validation : IValidateOptions<AlertPageSettings>
    {
        public ValidateOptionsResult Validate(string? name, AlertPageSettings options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
