using Marten;
using MassTransit;
using Platform.Alerts.Api.Alerts.ChoosingPressPatterns;
using Platform.Alerts.Api.Devices;
using Platform.Alerts.Contracts;
using Platform.Notifications.Contracts;
using Platform.ServiceDefaults.EventStore;

namespace Platform.Alerts.Api.Alerts.Triggering;

/// <summary>
/// A press that came by her phone's SMS fallback (no data where she is): raised like any press, or joined to the alert the
/// same press already raised by data.
/// </summary>
public sealed class SmsFallbackPressConsumer(IDocumentStore store) : IConsumer<SmsFallbackPressReceived>
{
    public static AlertTriggered Decide(SmsFallbackPressReceived press, Guid? deviceId, PressPatternSettings? patterns)
    {
        var action = (patterns ?? PressPatternSettings.DefaultFor(press.BeneficiaryId)).ActionFor(press.PressPattern);
        var at = press.Location;
        // The code's capture time is her phone's word: a clock ahead (or a forged code) must not pin her position either.
        var (position, replaced) = Position.OfPress(at.Latitude, at.Longitude, at.AccuracyMeters, at.CapturedAt, press.OccurredAt);
        return new AlertTriggered(Alert.IdFor(press.AssociationId, press.BeneficiaryId, press.PressId), press.AssociationId,
            press.BeneficiaryId, deviceId ?? Guid.Empty, press.PressPattern, position, press.PressId, press.OccurredAt,
            AlertSource.SmsFallback,
            action == PressAction.CallMeWithAnExcuse ? AlertResponse.CallMeWithAnExcuse : AlertResponse.FullAlert,
            StartRecording: action == PressAction.FullAlertAndRecord, CaptureTimeReplaced: replaced);
    }

    public async Task Consume(ConsumeContext<SmsFallbackPressReceived> context)
    {
        var press = context.Message;
        await using var session = store.OpenTracedSession(press.AssociationId.ToString());
        var alertId = Alert.IdFor(press.AssociationId, press.BeneficiaryId, press.PressId);
        if (await TriggerAlertSlice.KnownAlertAsync(session, alertId, context.CancellationToken) is not null)
        {
            return;
        }
        // The code came from her registered number, not from a button: her paired button, when there is one, is named.
        var devices = await session.Query<PairedDevice>().Where(device => device.BeneficiaryId == press.BeneficiaryId)
            .ToListAsync(context.CancellationToken);
        var patterns = await session.LoadAsync<PressPatternSettings>(press.BeneficiaryId, context.CancellationToken);
        var triggered = Decide(press, devices.FirstOrDefault(device => device.RevokedAs is null)?.Id, patterns);
        await TriggerAlertSlice.StartOrJoinAsync(session, triggered, context.CancellationToken);
    }
}
