using JasperFx.Events;
using Platform.Notifications.Api.FallbackBySms;
using Platform.ServiceDefaults.EventStore;

namespace Platform.Notifications.Api;

/// <summary>
/// What notifications tells others through its outbox: a press her phone texted, recorded in PostgreSQL before Twilio
/// is answered, leaves from here once committed (so a press received while the broker is away is not lost). Everything
/// else notifications publishes as it happens.
/// </summary>
public sealed class NotificationsOutbox : IPureIntegrationEventMapper<NotificationsOutbox>
{
    public static IReadOnlyList<OutgoingMessage> Map(IEvent committed) => committed.Data switch
    {
        // The press's own id is the message id: alerts de-duplicates it (and the same press by data) by it.
        FallbackPressRecorded recorded => [new(recorded.Press.EventId, recorded.Press)],
        _ => [],
    };
}
