using Platform.ServiceDefaults;

namespace Platform.Notifications.Api.Sms;

/// <summary>Names the once-only record of an alert SMS.</summary>
public static class SmsDispatch
{
    /// <summary>One per alert, recipient (contact or on-call operator) and escalation step.</summary>
    public static Guid IdFor(Guid alertId, Guid contactId, int escalationStep) =>
        DeterministicIds.From("sms", alertId, contactId, escalationStep);
}
