using Platform.Contacts.Contracts;
using Platform.Notifications.Contracts;
using Platform.Testing;
using System.Net;

namespace Platform.Notifications.Api.Tests;

public sealed class AskingForConsent(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    [Fact]
    public async Task A_new_contact_is_texted_the_consent_request_once()
    {
        var request = Request(neutral: false);

        await host.PublishAsync(request, request.EventId);
        await host.PublishAsync(request, request.EventId);

        var received = await Eventually.ValueAsync(async () =>
        {
            var messages = await host.SmsToAsync(request.Phone);
            return (messages.Count > 0, messages);
        }, "the consent SMS");
        Assert.Contains("Répondez OUI", received[0]["body"]!.GetValue<string>(), StringComparison.Ordinal);
        // A second consent request for another contact queues behind the repeat: once it is there, the repeat was handled.
        var barrier = Request(neutral: false);
        await host.PublishAsync(barrier, barrier.EventId);
        await Eventually.TrueAsync(async () => (await host.SmsToAsync(barrier.Phone)).Count == 1, "the second consent SMS");
        Assert.Single(await host.SmsToAsync(request.Phone));
    }

    [Fact]
    public async Task Neutral_wording_never_mentions_danger()
    {
        var request = Request(neutral: true);

        await host.PublishAsync(request, request.EventId);

        var received = await Eventually.ValueAsync(async () =>
        {
            var messages = await host.SmsToAsync(request.Phone);
            return (messages.Count > 0, messages);
        }, "the consent SMS");
        Assert.DoesNotContain("danger", received[0]["body"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("OUI", true)]
    [InlineData(" oui. ", true)]
    [InlineData("Non", false)]
    public async Task A_signed_reply_to_a_consent_request_is_published_as_the_contacts_answer(string body, bool accepted)
    {
        var (association, beneficiary, contact) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var phone = NotificationsHost.RandomPhone();
        var request = new ContactConsentRequested(Guid.CreateVersion7(), DateTimeOffset.UtcNow, association, beneficiary, contact, phone, "fr",
            "Camille", NeutralWording: false, IsReconfirmation: false);
        await host.PublishAsync(request, request.EventId);
        await Eventually.TrueAsync(async () => (await host.SmsToAsync(phone)).Count == 1, "the consent request SMS");
        var replies = await host.WatchAsync<ConsentReplyReceived>();

        var (_, reply, _) = await Eventually.ValueAsync(async () =>
        {
            using var response = await host.PostInboundSmsAsync(phone, body, sign: true);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var found = replies.All.FirstOrDefault(r => r.Message.ContactId == contact);
            return (found.Message is not null, found);
        }, "the consent reply on the bus");

        Assert.Equal(accepted, reply.Accepted);
        Assert.Equal(beneficiary, reply.BeneficiaryId);
        Assert.Equal(association, reply.AssociationId);
    }

    [Fact]
    public async Task An_unsigned_inbound_sms_is_refused()
    {
        using var response = await host.PostInboundSmsAsync(NotificationsHost.RandomPhone(), "OUI", sign: false);

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden, "/problems/invalid-twilio-signature");
    }

    private static ContactConsentRequested Request(bool neutral) => new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, Guid.CreateVersion7(),
        Guid.CreateVersion7(), Guid.CreateVersion7(), NotificationsHost.RandomPhone(), "fr", "Camille", neutral, IsReconfirmation: false);

}
