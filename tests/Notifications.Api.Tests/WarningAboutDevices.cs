using Platform.Contacts.Contracts;
using Platform.Devices.Contracts;
using Platform.Testing;

namespace Platform.Notifications.Api.Tests;

public sealed class WarningAboutDevices(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    [Fact]
    public async Task A_low_battery_is_texted_discreetly_to_her_and_to_whoever_is_on_call_once()
    {
        var (association, beneficiary) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var (herPhone, onCallPhone, offCallPhone) = (NotificationsHost.RandomPhone(), NotificationsHost.RandomPhone(), NotificationsHost.RandomPhone());
        await KnownAsync(association, beneficiary, herPhone, onCallPhone, offCallPhone);
        var low = new DeviceBatteryLow(Guid.CreateVersion7(), DateTimeOffset.UtcNow, association, Guid.CreateVersion7(), beneficiary, 12, 40);

        await host.PublishAsync(low, low.EventId);
        await host.PublishAsync(low, low.EventId);

        var toHer = (await host.WaitForSmsAsync(herPhone))[0];
        var toOperator = (await host.WaitForSmsAsync(onCallPhone))[0];
        // Her phone may be read by the person she fears: no word about alerts.
        Assert.DoesNotContain("alerte", toHer["body"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("12 %", toOperator["body"]!.GetValue<string>(), StringComparison.Ordinal);
        var barrier = new DeviceBatteryLow(Guid.CreateVersion7(), DateTimeOffset.UtcNow, association, Guid.CreateVersion7(), beneficiary, 10, null);
        await host.PublishAsync(barrier, barrier.EventId);
        // The second warning queues behind the repeat: once it reached both, the repeat has been handled.
        await Eventually.TrueAsync(async () => (await host.SmsToAsync(herPhone)).Count >= 2 && (await host.SmsToAsync(onCallPhone)).Count >= 2,
            "the second warning");
        Assert.Equal(2, (await host.SmsToAsync(herPhone)).Count);
        Assert.Equal(2, (await host.SmsToAsync(onCallPhone)).Count);
        Assert.Empty(await host.SmsToAsync(offCallPhone));
    }

    [Fact]
    public async Task A_button_unlinked_from_her_phone_is_texted_to_her_once_in_words_that_reveal_nothing()
    {
        var (association, beneficiary) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var (herPhone, onCallPhone) = (NotificationsHost.RandomPhone(), NotificationsHost.RandomPhone());
        await KnownAsync(association, beneficiary, herPhone, onCallPhone, NotificationsHost.RandomPhone());
        var lost = new DeviceLinkLost(Guid.CreateVersion7(), DateTimeOffset.UtcNow, association, Guid.CreateVersion7(), beneficiary,
            DateTimeOffset.UtcNow.AddMinutes(-11));

        await host.PublishAsync(lost, lost.EventId);
        await host.PublishAsync(lost, lost.EventId);

        var toHer = Assert.Single(await host.WaitForSmsAsync(herPhone))["body"]!.GetValue<string>();
        Assert.Contains("reconnecter", toHer, StringComparison.Ordinal);
        Assert.DoesNotContain("alerte", toHer, StringComparison.OrdinalIgnoreCase);
        // A barrier behind the repeat: once her silence warning is here, the repeat was handled (and texted nothing).
        var barrier = new DeviceWentSilent(Guid.CreateVersion7(), DateTimeOffset.UtcNow, association, Guid.CreateVersion7(), beneficiary,
            DateTimeOffset.UtcNow.AddHours(-13));
        await host.PublishAsync(barrier, barrier.EventId);
        await host.WaitForSmsAsync(onCallPhone);
        await Eventually.TrueAsync(async () => (await host.SmsToAsync(herPhone)).Count >= 2, "the barrier warning");
        Assert.Equal(2, (await host.SmsToAsync(herPhone)).Count);
        // Only the silence warning reached the on-call phone: her association reads a lost link in its fleet view.
        Assert.Single(await host.SmsToAsync(onCallPhone));
    }

    [Fact]
    public async Task A_silent_button_is_reported_to_her_and_her_association()
    {
        var (association, beneficiary) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var (herPhone, onCallPhone) = (NotificationsHost.RandomPhone(), NotificationsHost.RandomPhone());
        await KnownAsync(association, beneficiary, herPhone, onCallPhone, NotificationsHost.RandomPhone());
        var silent = new DeviceWentSilent(Guid.CreateVersion7(), DateTimeOffset.UtcNow, association, Guid.CreateVersion7(), beneficiary,
            DateTimeOffset.UtcNow.AddHours(-13));

        await host.PublishAsync(silent, silent.EventId);

        Assert.Contains("reconnecter", (await host.WaitForSmsAsync(herPhone))[0]["body"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("aucun signal", (await host.WaitForSmsAsync(onCallPhone))[0]["body"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Her_name_is_sent_in_the_sms_alphabet_so_the_warning_stays_one_sms()
    {
        var (association, beneficiary) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var (herPhone, onCallPhone) = (NotificationsHost.RandomPhone(), NotificationsHost.RandomPhone());
        await KnownAsync(association, beneficiary, herPhone, onCallPhone, NotificationsHost.RandomPhone(), displayName: "Françoise");
        var low = new DeviceBatteryLow(Guid.CreateVersion7(), DateTimeOffset.UtcNow, association, Guid.CreateVersion7(), beneficiary, 12, 40);

        await host.PublishAsync(low, low.EventId);

        Assert.Equal("Bouton d'alerte de Francoise : batterie faible (12 %). Merci de la contacter.",
            (await host.WaitForSmsAsync(onCallPhone))[0]["body"]!.GetValue<string>());
    }

    private async Task KnownAsync(Guid association, Guid beneficiary, string herPhone, string onCallPhone, string offCallPhone,
        string displayName = "Camille")
    {
        var now = DateTimeOffset.UtcNow;
        // On call from an hour ago to an hour from now, and someone else tomorrow.
        var (covering, tomorrow) = (NotificationsHost.OnCallNow(), NotificationsHost.OnCallLater());
        await host.PublishAsync(new ContactsChanged(Guid.CreateVersion7(), now, association, beneficiary, 1, displayName, "fr", "Au secours", [],
            herPhone));
        await host.PublishAsync(new RosterChanged(Guid.CreateVersion7(), now, association, 1,
        [
            new RosterMember(Guid.CreateVersion7(), "Nadia", onCallPhone, [covering]),
            new RosterMember(Guid.CreateVersion7(), "Luc", offCallPhone, [tomorrow]),
        ]));
        var store = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Marten.IDocumentStore>(host.Services);
        await Eventually.TrueAsync(async () =>
        {
            await using var session = store.QuerySession();
            return await session.LoadAsync<Contacts.ContactsCopy>(beneficiary) is not null
                && await session.LoadAsync<Contacts.RosterCopy>(association) is not null;
        }, "her contacts and the roster");
    }

}
