using Microsoft.AspNetCore.Mvc.Testing;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;
using TwilioMessage = Twilio.Rest.Api.V2010.Account.MessageResource;

namespace TwilioSandbox.Tests;

/// <summary>The list the platform reads to learn whether a message whose outcome it lost was in fact sent.</summary>
public sealed class ListingMessagesTests(WebApplicationFactory<Program> sandbox) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task The_twilio_library_reads_the_messages_sent_to_one_number_since_a_time_newest_first()
    {
        var (to, other) = (TestNumbers.Unique(), TestNumbers.Unique());
        var client = SandboxConnection.TwilioClient(sandbox);
        var before = DateTime.UtcNow.AddMinutes(-1);
        foreach (var (number, body) in new[] { (to, "first"), (other, "elsewhere"), (to, "second") })
        {
            await TwilioMessage.CreateAsync(to: new PhoneNumber(number), from: new PhoneNumber(TestNumbers.Sender), body: body, client: client);
        }

        var listed = (await TwilioMessage.ReadAsync(new ReadMessageOptions
        {
            To = new PhoneNumber(to),
            From = new PhoneNumber(TestNumbers.Sender),
            DateSentAfter = before,
            PageSize = 50,
        }, client)).ToList();
        var later = (await TwilioMessage.ReadAsync(new ReadMessageOptions { To = new PhoneNumber(to), DateSentAfter = DateTime.UtcNow.AddMinutes(5) },
            client)).ToList();

        Assert.Equal(["second", "first"], listed.Select(message => message.Body));
        Assert.All(listed, message => Assert.Equal(to, message.To));
        Assert.Empty(later);
    }
}
