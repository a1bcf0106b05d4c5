using Marten;
using MassTransit;
using Platform.ServiceDefaults.Scheduling;

namespace Platform.Notifications.Api.Telephony;

/// <summary>
/// A retried alert dispatch is due: its command goes back on the bus, where any replica takes it (the once-only record
/// decides whether anything is still to send).
/// </summary>
public sealed class DispatchRetryWakeUp(IQuerySession session, IPublishEndpoint bus) : IWakeUpHandler
{
    public string Kind => OnceOnlyDispatch.RetryKind;

    public async Task HandleAsync(WakeUp wakeUp, CancellationToken cancellationToken)
    {
        var dispatch = await session.LoadAsync<Dispatch>(wakeUp.SubjectId, cancellationToken);
        if (dispatch is null || dispatch.IsFinished || dispatch.Command is null)
        {
            return;
        }
        object? command = (object?)dispatch.Command.Sms ?? dispatch.Command.Call;
        if (command is null)
        {
            return;
        }
        // Back in the press's trace: the SRE following one alert sees its retries, not a trace starting from nowhere.
        System.Diagnostics.ActivityContext.TryParse(dispatch.TraceParent, null, out var parent);
        using var activity = Platform.ServiceDefaults.Telemetry.Source.StartActivity("dispatch retry",
            System.Diagnostics.ActivityKind.Internal, parent);
        await bus.Publish(command, command.GetType(), cancellationToken);
    }
}
