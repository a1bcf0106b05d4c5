using JasperFx.Events;
using Platform.Alerts.Api.Alerts;
using Platform.Alerts.Api.Alerts.Reading;
using Platform.Alerts.Contracts;
using Platform.Notifications.Contracts;
using static Platform.Alerts.Tests.AlertScenarios;
using AlertTriggered = Platform.Alerts.Api.Alerts.AlertTriggered;

namespace Platform.Alerts.Tests;

public sealed class ReadingTheTimeline
{
    private static readonly Guid AlertId = Alert.IdFor(Association, Beneficiary, PressId);
    private static readonly Guid ContactId = new("c0c0c0c0-0000-4000-8000-000000000001");

    [Fact]
    public void The_trigger_reads_as_triggered_with_its_press_pattern()
    {
        var entry = GetAlertSlice.ToTimelineEntry(forHer: false, committed: Committed(new AlertTriggered(AlertId, Association, Beneficiary, DeviceId,
            PressPattern.DoubleClick, new Position(45.7772, 3.0870, 12.5, Captured), PressId, Now)));

        Assert.Equal(new TimelineEntry(Now, "triggered", Detail: "doubleClick press"), entry);
    }

    [Fact]
    public void A_sent_notification_names_the_contact_and_channel_but_not_the_provider_message()
    {
        var entry = GetAlertSlice.ToTimelineEntry(forHer: false, committed: Committed(new ContactNotified(AlertId, ContactId, NotificationChannel.Sms, 1, "SM0123", Now)));

        Assert.Equal(new TimelineEntry(Now, "notification-dispatched", ContactId, NotificationChannel.Sms), entry);
    }

    [Fact]
    public void A_failed_notification_carries_its_reason()
    {
        var entry = GetAlertSlice.ToTimelineEntry(forHer: false, committed: Committed(new ContactNotificationFailed(AlertId, ContactId, NotificationChannel.Voice, 2,
            "twilio-21211", Now)));

        Assert.Equal(new TimelineEntry(Now, "notification-failed", ContactId, NotificationChannel.Voice, "twilio-21211"), entry);
    }

    [Fact]
    public void An_event_the_timeline_does_not_show_reads_as_nothing()
    {
        Assert.Null(GetAlertSlice.ToTimelineEntry(forHer: false, committed: Committed(new Position(0, 0, 0, Now))));
    }

    private static Event<T> Committed<T>(T data)
        where T : notnull =>
        new(data) { Id = Guid.NewGuid(), Version = 1, StreamId = AlertId };
}
