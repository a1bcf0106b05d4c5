using Microsoft.Extensions.DependencyInjection;
using Platform.Contacts.Api.Beneficiaries.Reconfirming;
using Platform.Contacts.Contracts;
using Platform.Testing;

namespace Platform.Contacts.Api.Tests;

public sealed class LapsingConsent(ContactsHostOnFakeClock host) : IClassFixture<ContactsHostOnFakeClock>
{
    [Fact]
    public async Task A_contact_not_reconfirmed_for_180_days_lapses_and_is_asked_again_then_a_yes_confirms_them_again()
    {
        var requested = await host.WatchAsync<ContactConsentRequested>();
        var changed = await host.WatchAsync<ContactConsentChanged>();
        var she = await host.EnrolledBeneficiaryAsync();
        var contactId = await ContactsHost.AddContactAsync(she);
        await host.ReplyAsync(she, contactId, accepted: true, host.Clock.GetUtcNow());
        await Eventually.TrueAsync(async () => await ContactsHost.ConsentOfAsync(she, contactId) == "confirmed", "the contact to be confirmed");
        var reconfirmation = host.Services.GetRequiredService<ContactReconfirmation>();

        host.Clock.Advance(TimeSpan.FromDays(180) - TimeSpan.FromMinutes(1));
        await reconfirmation.LapseDueContactsAsync(CancellationToken.None);
        Assert.Equal("confirmed", await ContactsHost.ConsentOfAsync(she, contactId));

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await reconfirmation.LapseDueContactsAsync(CancellationToken.None);

        Assert.Equal("lapsed", await ContactsHost.ConsentOfAsync(she, contactId));
        await changed.FirstAsync(m => m.ContactId == contactId && m.Consent == ContactConsent.Lapsed);
        var (_, request, _) = await requested.FirstAsync(m => m.ContactId == contactId && m.IsReconfirmation);
        Assert.Equal("+33612345678", request.Phone);

        await host.ReplyAsync(she, contactId, accepted: true, host.Clock.GetUtcNow());
        await Eventually.TrueAsync(async () => await ContactsHost.ConsentOfAsync(she, contactId) == "confirmed", "the contact to be confirmed again");
        await reconfirmation.LapseDueContactsAsync(CancellationToken.None);
        Assert.Equal("confirmed", await ContactsHost.ConsentOfAsync(she, contactId));
        Assert.Single(requested.All, m => m.Message.ContactId == contactId && m.Message.IsReconfirmation);
    }

    [Fact]
    public async Task Checks_running_at_once_on_several_replicas_lapse_a_contact_once()
    {
        var requested = await host.WatchAsync<ContactConsentRequested>();
        var she = await host.EnrolledBeneficiaryAsync();
        var contactId = await ContactsHost.AddContactAsync(she, "06 98 76 54 32");
        await host.ReplyAsync(she, contactId, accepted: true, host.Clock.GetUtcNow());
        await Eventually.TrueAsync(async () => await ContactsHost.ConsentOfAsync(she, contactId) == "confirmed", "the contact to be confirmed");
        var reconfirmation = host.Services.GetRequiredService<ContactReconfirmation>();

        host.Clock.Advance(TimeSpan.FromDays(181));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => reconfirmation.LapseDueContactsAsync(CancellationToken.None)));

        Assert.Equal("lapsed", await ContactsHost.ConsentOfAsync(she, contactId));
        await requested.FirstAsync(m => m.ContactId == contactId && m.IsReconfirmation);
        var marker = await ContactsHost.AddContactAsync(she, "06 11 22 33 44", "Marqueur");
        await requested.FirstAsync(m => m.ContactId == marker);
        Assert.Single(requested.All, m => m.Message.ContactId == contactId && m.Message.IsReconfirmation);
    }
}
