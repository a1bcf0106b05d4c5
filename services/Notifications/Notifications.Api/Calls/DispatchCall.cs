using Platform.Alerts.Contracts;

namespace Platform.Notifications.Api.Calls;

/// <summary>
/// Call one recipient (a contact, or an on-call operator) about an alert. Ids only, like DispatchSms: who to call and
/// what to say are read at call time.
/// </summary>
/// <param name="Priority">A duress: changes what an operator hears, never what her contacts hear.</param>
public sealed record DispatchCall(Guid AlertId, Guid AssociationId, Guid BeneficiaryId, Guid RecipientId, ResponderKind RecipientKind,
    int EscalationStep, AlertLocation Location, bool Priority, AlertSource Source);
