using Platform.Alerts.Contracts;
using Platform.Contacts.Contracts;
using Platform.Notifications.Api.Cancelling;
using Platform.Testing;
using System.Globalization;

namespace Platform.Notifications.Api.Tests;

public sealed class SendingSafeSms(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    [Fact]
    public async Task Each_confirmed_contact_is_told_once_that_she_is_safe_when_she_cancels()
    {
        var (association, beneficiary) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var sister = Contact("fr");
        var friend = Contact("en");
        var pending = Contact("fr") with { Consent = ContactConsent.Pending };
        await host.KnownContactsAsync(new ContactsChanged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, association, beneficiary, 1,
            "Camille", "fr", "Je suis en danger, venez vite.", [sister, friend, pending]));
        var cancelled = Cancelled(association, beneficiary);

        await host.PublishAsync(cancelled, cancelled.EventId);
        await host.PublishAsync(cancelled, cancelled.EventId);
        await host.PublishAsync(cancelled, Guid.CreateVersion7());
        await host.WaitForSmsAsync(sister.Phone, 1);
        // A later cancel queues behind the repeats: once its SMS is there, the repeats have been handled.
        var next = Cancelled(association, beneficiary);
        await host.PublishAsync(next, next.EventId);
        var toSister = await host.WaitForSmsAsync(sister.Phone, 2);
        var toFriend = await host.WaitForSmsAsync(friend.Phone, 2);

        Assert.Equal(2, (await host.SmsToAsync(sister.Phone)).Count);
        Assert.Equal(SafeSms.Compose("Camille", "fr"), toSister[0]["body"]!.GetValue<string>());
        Assert.Equal("Camille is safe, the alert is over.", toFriend[0]["body"]!.GetValue<string>());
        Assert.Empty(await host.SmsToAsync(pending.Phone));
    }

    [Fact]
    public void The_safe_text_is_in_the_contacts_language_and_in_gsm_7()
    {
        Assert.Equal("Camille is safe, the alert is over.", SafeSms.Compose("Camille", "en"));
        Assert.Equal("Camille is fine now.", SafeSms.Compose("Camille", "en", neutralWording: true));
        Assert.DoesNotContain("alerte", SafeSms.Compose("Camille", "fr", neutralWording: true), StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("Zoe est en s", SafeSms.Compose("Zoë", "fr"), StringComparison.Ordinal);
        Assert.DoesNotContain(SafeSms.Compose("Zoë Œlian", "fr"), c => Platform.Sms.GsmTransliteration.Replacements.ContainsKey(c));
        Assert.Equal(SafeSms.DispatchIdFor(Guid.Empty, Guid.Empty), SafeSms.DispatchIdFor(Guid.Empty, Guid.Empty));
    }

    private static AlertCancelled Cancelled(Guid association, Guid beneficiary) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, association, Guid.CreateVersion7(), beneficiary);

    private static EmergencyContact Contact(string language) =>
        new(Guid.CreateVersion7(), "Contact", $"+3361{Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture)}",
            1, language, ContactConsent.Confirmed);
}
