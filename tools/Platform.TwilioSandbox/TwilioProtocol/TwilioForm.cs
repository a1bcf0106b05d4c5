namespace Platform.TwilioSandbox.TwilioProtocol;

/// <summary>The form a Twilio client posts; blank fields count as missing, as Twilio treats them.</summary>
public sealed class TwilioForm(IFormCollection fields)
{
    public static async Task<TwilioForm> ReadAsync(HttpRequest request, CancellationToken cancellationToken) =>
        new(request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : FormCollection.Empty);

    public string? Value(string name)
    {
        var value = fields[name].ToString();
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    public IReadOnlyList<string> Values(string name) =>
        fields[name].Where(value => !string.IsNullOrWhiteSpace(value)).Select(value => value!).ToList();

    public int? WholeNumber(string name) =>
        int.TryParse(Value(name), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    /// <summary>Callbacks are posted later, so a URL that cannot be posted to is refused now, as Twilio does.</summary>
    public static bool IsCallbackUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
