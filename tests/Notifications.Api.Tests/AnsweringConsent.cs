using Platform.Contacts.Contracts;
using Platform.Notifications.Contracts;
using Platform.Testing;
using System.Net;

namespace Platform.Notifications.Api.Tests;

public sealed class AnsweringConsent(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    [Fact]
    public async Task A_reply_from_someone_asked_by_two_women_answers_only_the_latest_request()
    {
        var phone = NotificationsHost.RandomPhone();
        var earlier = Request(phone, DateTimeOffset.UtcNow.AddMinutes(-5));
        var latest = Request(phone, DateTimeOffset.UtcNow);
        await host.PublishAsync(earlier, earlier.EventId);
        await host.PublishAsync(latest, latest.EventId);
        await Eventually.TrueAsync(async () => (await host.SmsToAsync(phone)).Count == 2, "both consent requests");
        var replies = await host.WatchAsync<ConsentReplyReceived>();

        using var response = await host.PostInboundSmsAsync(phone, "OUI");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (_, reply, _) = await replies.FirstAsync(r => r.ContactId == latest.ContactId || r.ContactId == earlier.ContactId);
        Assert.Equal(latest.ContactId, reply.ContactId);
        Assert.DoesNotContain(replies.All, r => r.Message.ContactId == earlier.ContactId);
    }

    private static ContactConsentRequested Request(string phone, DateTimeOffset at) => new(Guid.CreateVersion7(), at, Guid.CreateVersion7(),
        Guid.CreateVersion7(), Guid.CreateVersion7(), phone, "fr", "Camille", NeutralWording: false, IsReconfirmation: false);
}
