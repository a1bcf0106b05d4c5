using JasperFx.Events;
using Platform.Alerts.Api.Alerts;
using Platform.Alerts.Api.Alerts.GuardingPins;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.EventStore;
using Contract = Platform.Alerts.Contracts;

namespace Platform.Alerts.Api;

/// <summary>What the alerts service tells others.</summary>
public sealed class AlertsOutbox : IPureIntegrationEventMapper<AlertsOutbox>
{
    private static Contract.AlertLocation Location(Position at) =>
        new(at.Latitude, at.Longitude, at.AccuracyMeters, at.CapturedAt);

    public static IReadOnlyList<OutgoingMessage> Map(IEvent committed)
    {
        var id = DeterministicIds.From(committed.Id, committed.Data.GetType().Name);
        return committed.Data switch
        {
            AlertTriggered e => [new(id, new Contract.AlertTriggered(id, e.At, e.AssociationId, e.AlertId, e.BeneficiaryId,
                e.DeviceId, e.PressPattern, Location(e.Location), e.Source, e.Response))],
            AlertResolved e => [new(id, new Contract.AlertResolved(id, e.At, e.AssociationId, e.AlertId, e.OperatorId, e.Outcome))],
            LocationsRecorded { Broadcast: { } at } e => [new(id, new Contract.AlertLocationUpdated(id, e.At, e.AssociationId, e.AlertId,
                new Contract.AlertLocation(at.Latitude, at.Longitude, at.AccuracyMeters, at.CapturedAt)))],
            AlertCancelled e => [new(id, new Contract.AlertCancelled(id, e.At, e.AssociationId, e.AlertId, e.BeneficiaryId))],
            AlertDuressSignalled { Reason: Contract.DuressReason.DuressPin } e =>
                [new(id, new Contract.AlertDuressRaised(id, e.At, e.AssociationId, e.AlertId, Contract.DuressReason.DuressPin))],
            // A cancel after the escalation adds nothing the association was not already told by WrongPinsExceeded.
            WrongPinsExceeded e =>
                [new(id, new Contract.AlertDuressRaised(id, e.At, e.AssociationId, e.AlertId, Contract.DuressReason.WrongPinsExceeded))],
            EscalationStepReached e => [new(id, new Contract.AlertEscalated(id, e.At, e.AssociationId, e.AlertId, e.BeneficiaryId, e.Step,
                e.Reach, e.Priority, e.Source, Location(e.LastKnownLocation), e.Coming))],
            HerDuressSignalled e => [new(id, new Contract.BeneficiaryDuressRaised(id, e.At, e.AssociationId, e.BeneficiaryId,
                e.Reason, e.Action))],
            Alerts.ChoosingPressPatterns.HerPressPatternsWeakened e =>
                [new(id, new Contract.HerPressPatternsWeakened(id, e.At, e.AssociationId, e.BeneficiaryId))],
            AlertWentUnanswered e => [new(id, new Contract.AlertUnanswered(id, e.At, e.AssociationId, e.AlertId, e.BeneficiaryId, e.Reason,
                Location(e.LastKnownLocation), e.Source))],
            ResponderAcknowledged e => [new(id, new Contract.AlertAcknowledged(id, e.At, e.AssociationId, e.AlertId, e.ResponderId, e.Kind))],
            _ => [],
        };
    }
}
