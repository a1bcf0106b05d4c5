using Platform.Alerts.Contracts;
using Platform.ServiceDefaults;

namespace Platform.Alerts.Api.Alerts.GuardingPins;

/// <summary>
/// Her association is told, outside any alert, that someone may be using her phone against her (domain event, one stream
/// per woman; published as <see cref="BeneficiaryDuressRaised"/>).
/// </summary>
public sealed record HerDuressSignalled(Guid BeneficiaryId, Guid AssociationId, DuressReason Reason, PinAction Action, DateTimeOffset At)
{
    public static Guid StreamIdFor(Guid beneficiaryId) => DeterministicIds.From("pin-guard", beneficiaryId);
}
