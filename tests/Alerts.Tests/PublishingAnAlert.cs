using JasperFx.Events;
using Platform.Alerts.Api;
using Platform.Alerts.Api.Alerts;
using Platform.Alerts.Contracts;
using Platform.Notifications.Contracts;
using static Platform.Alerts.Tests.AlertScenarios;
using AlertTriggered = Platform.Alerts.Api.Alerts.AlertTriggered;
using Contract = Platform.Alerts.Contracts;

namespace Platform.Alerts.Tests;

public sealed class PublishingAnAlert
{
    private static readonly Guid AlertId = Alert.IdFor(Association, Beneficiary, PressId);
    private static readonly AlertTriggered Triggered = new(AlertId, Association, Beneficiary, DeviceId, PressPattern.LongPress,
        new Position(45.7772, 3.0870, 12.5, Captured), PressId, Now);

    [Fact]
    public void A_trigger_is_published_as_the_AlertTriggered_contract_whose_event_id_is_the_message_id()
    {
        var outgoing = Assert.Single(AlertsOutbox.Map(Committed(Triggered, Guid.NewGuid())));

        var published = Assert.IsType<Contract.AlertTriggered>(outgoing.Message);
        Assert.Equal(new Contract.AlertTriggered(outgoing.MessageId, Now, Association, AlertId, Beneficiary, DeviceId,
            PressPattern.LongPress, new AlertLocation(45.7772, 3.0870, 12.5, Captured)), published);
    }

    [Fact]
    public void The_same_committed_event_is_always_published_under_the_same_message_id()
    {
        var eventId = Guid.NewGuid();

        var first = Assert.Single(AlertsOutbox.Map(Committed(Triggered, eventId)));
        var again = Assert.Single(AlertsOutbox.Map(Committed(Triggered, eventId)));

        Assert.Equal(first.MessageId, again.MessageId);
    }

    [Fact]
    public void Another_committed_event_is_published_under_another_message_id()
    {
        var first = Assert.Single(AlertsOutbox.Map(Committed(Triggered, Guid.NewGuid())));
        var other = Assert.Single(AlertsOutbox.Map(Committed(Triggered, Guid.NewGuid())));

        Assert.NotEqual(first.MessageId, other.MessageId);
    }

    [Fact]
    public void Notification_outcomes_are_not_published_again()
    {
        var notified = new ContactNotified(AlertId, Guid.NewGuid(), NotificationChannel.Sms, 1, "SM0123", Now);

        Assert.Empty(AlertsOutbox.Map(Committed(notified, Guid.NewGuid())));
    }

    [Fact]
    public void A_resolution_is_published_with_its_outcome_but_without_the_operators_note()
    {
        var operatorId = Guid.NewGuid();
        var resolved = new Platform.Alerts.Api.Alerts.AlertResolved(AlertId, Association, operatorId, AlertOutcome.Other, "Private", Now);

        var outgoing = Assert.Single(AlertsOutbox.Map(Committed(resolved, Guid.NewGuid())));

        Assert.Equal(new Contract.AlertResolved(outgoing.MessageId, Now, Association, AlertId, operatorId, AlertOutcome.Other),
            outgoing.Message);
    }

    private static Event<T> Committed<T>(T data, Guid id)
        where T : notnull =>
        new(data) { Id = id, Version = 1, StreamId = AlertId };
}
