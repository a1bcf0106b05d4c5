using Platform.Alerts.Contracts;
using static Platform.Notifications.Api.Tests.AlertScenario;

namespace Platform.Notifications.Api.Tests;

public sealed class SendingDrillsAndExcuses(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    [Fact]
    public async Task A_drill_is_texted_as_a_test_with_her_position_and_asks_for_an_ok()
    {
        var her = New();
        var sister = Contact(1);
        await host.KnownContactsAsync(her.Contacts(sister));
        var drill = her.Triggered(AlertSource.Drill);

        await host.PublishAsync(drill, drill.EventId);

        var body = (await host.WaitForSmsAsync(sister.Phone))[0]["body"]!.GetValue<string>();
        Assert.StartsWith("TEST (exercice) - " + HerMessage, body, StringComparison.Ordinal);
        Assert.Contains("mlat=48.85661&mlon=2.35222", body, StringComparison.Ordinal);
        Assert.EndsWith("Repondez OK pour confirmer la reception.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_me_with_an_excuse_texts_her_first_tier_discreetly_and_nothing_else()
    {
        var her = New();
        var (sister, colleague) = (Contact(1), Contact(2));
        await host.KnownContactsAsync(her.Contacts(sister, colleague));
        var excuse = her.Triggered(response: AlertResponse.CallMeWithAnExcuse);

        await host.PublishAsync(excuse, excuse.EventId);

        var body = (await host.WaitForSmsAsync(sister.Phone))[0]["body"]!.GetValue<string>();
        Assert.Equal("Camille aimerait que tu l'appelles maintenant, avec une excuse pour qu'elle puisse partir.", body);
        Assert.Empty(await host.SmsToAsync(colleague.Phone));
        Assert.Empty(await host.CallsToAsync(sister.Phone));
    }
}
