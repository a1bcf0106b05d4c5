using System.Globalization;
using System.Text.Json;
using Platform.TwilioSandbox.Recording;
using Platform.TwilioSandbox.TwilioProtocol;

namespace Platform.TwilioSandbox.Messages;

/// <summary>
/// `GET /2010-04-01/Accounts/{accountSid}/Messages.json?To=&amp;From=&amp;DateSent>=&amp;PageSize=`: Twilio's list of sent
/// messages, newest first, one page (what the platform asks to learn whether a message whose outcome it lost was sent).
/// </summary>
public static class ListingMessages
{
    public const int MaxPageSize = 1000;

    public static IResult Handle(string accountSid, HttpRequest request, RecordLog<RecordedMessage> messages)
    {
        var query = request.Query;
        var to = query["To"].FirstOrDefault();
        var from = query["From"].FirstOrDefault();
        var after = ParseDate(query["DateSent>"].FirstOrDefault() ?? query["DateSent>="].FirstOrDefault());
        var pageSize = int.TryParse(query["PageSize"].FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var size)
            ? Math.Clamp(size, 1, MaxPageSize) : 50;
        var found = (to is null ? messages.List() : messages.ListTo(to))
            .Where(message => message.AccountSid == accountSid && (from is null || message.From == from)
                && (after is null || message.ReceivedAt >= after))
            .OrderByDescending(message => message.ReceivedAt)
            .Take(pageSize)
            .Select(MessageResource.For)
            .ToList();
        var uri = $"/{TwilioJson.ApiVersion}/Accounts/{accountSid}/Messages.json{request.QueryString}";
        var page = new Dictionary<string, object?>
        {
            ["messages"] = found,
            ["start"] = 0,
            ["end"] = Math.Max(0, found.Count - 1),
            ["page"] = 0,
            ["page_size"] = pageSize,
            ["uri"] = uri,
            ["first_page_uri"] = uri,
            ["previous_page_uri"] = null,
            ["next_page_uri"] = null,
        };
        return Results.Content(JsonSerializer.Serialize(page, TwilioJson.Options), "application/json");
    }

    private static DateTimeOffset? ParseDate(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
}
