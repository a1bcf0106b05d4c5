using Platform.Alerts.Contracts;

namespace Platform.Notifications.Api.Sms;

/// <summary>
/// Send one alert SMS to one contact. Carries ids, not the number or the text: the dispatcher reads her current
/// contacts, so someone removed a moment ago receives nothing.
/// </summary>
public sealed record DispatchSms(Guid AlertId, Guid AssociationId, Guid BeneficiaryId, Guid ContactId, int EscalationStep,
    AlertLocation Location);
