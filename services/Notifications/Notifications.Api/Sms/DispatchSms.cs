using Platform.Alerts.Contracts;

namespace Platform.Notifications.Api.Sms;

/// <summary>
/// Send one alert SMS to one recipient (a contact, or an on-call operator). Carries ids, not the number or the text: the
/// dispatcher reads her current contacts and the current roster, so someone removed a moment ago receives nothing.
/// </summary>
/// <param name="ContactId">The contact's id, or the on-call operator's (named as before operators were texted, so commands
/// already queued during a deployment still read).</param>
/// <param name="Priority">A duress: changes the operators' wording only, never her contacts'.</param>
public sealed record DispatchSms(Guid AlertId, Guid AssociationId, Guid BeneficiaryId, Guid ContactId, int EscalationStep,
    AlertLocation Location, ResponderKind RecipientKind = ResponderKind.Contact, bool Priority = false,
    AlertSource Source = AlertSource.Button, AlertResponse Response = AlertResponse.FullAlert);
