using Platform.Notifications.Contracts;
using Platform.Testing;
using System.Net;
using static Platform.Alerts.Api.Tests.AlertRequests;

namespace Platform.Alerts.Api.Tests;

public sealed class ReadingAnAlert(AlertsHost host) : IClassFixture<AlertsHost>
{
    [Fact]
    public async Task Notification_outcomes_join_the_timeline_once_however_often_they_are_delivered()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        var contactId = Guid.CreateVersion7();
        var dispatched = new NotificationDispatched(Guid.CreateVersion7(), DateTimeOffset.UtcNow, she.AssociationId, alertId, contactId,
            NotificationChannel.Sms, 1, "SM0123");
        var failed = new NotificationFailed(Guid.CreateVersion7(), DateTimeOffset.UtcNow, she.AssociationId, alertId, Guid.CreateVersion7(),
            NotificationChannel.Sms, 1, "twilio-21211");

        await host.PublishAsync(dispatched, dispatched.EventId);
        await host.PublishAsync(dispatched, dispatched.EventId);
        await host.PublishAsync(failed, failed.EventId);

        var timeline = await Eventually.ValueAsync(async () =>
        {
            using var response = await she.She.GetAsync(new Uri($"/api/alerts/{alertId}", UriKind.Relative));
            var entries = (await response.ReadJsonAsync())["timeline"]!.AsArray();
            return (entries.Any(e => e!["kind"]!.GetValue<string>() == "notification-failed")
                && entries.Any(e => e!["kind"]!.GetValue<string>() == "notification-dispatched"), entries);
        }, "both outcomes in the timeline");
        // Outcomes of one alert are applied in order, and the duplicate came before the failure: had it been recorded,
        // it would be here now.
        Assert.Single(timeline, e => e!["kind"]!.GetValue<string>() == "notification-dispatched");
        Assert.Equal(contactId, timeline.Single(e => e!["kind"]!.GetValue<string>() == "notification-dispatched")!["contactId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Another_associations_operator_gets_not_found()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        using var otherOperator = host.ClientWithToken(host.Tokens.Operator(Guid.CreateVersion7()));
        using var herOperator = host.ClientWithToken(host.Tokens.Operator(she.AssociationId));

        using var foreign = await otherOperator.GetAsync(new Uri($"/api/alerts/{alertId}", UriKind.Relative));
        using var own = await herOperator.GetAsync(new Uri($"/api/alerts/{alertId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task Another_beneficiary_of_the_same_association_gets_not_found()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        using var neighbour = host.ClientWithToken(host.Tokens.Beneficiary(she.AssociationId, Guid.CreateVersion7()));

        using var response = await neighbour.GetAsync(new Uri($"/api/alerts/{alertId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
