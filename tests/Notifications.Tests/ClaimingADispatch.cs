using Platform.Notifications.Api.Calls;
using Platform.Notifications.Api.Sms;
using Platform.Notifications.Api.Telephony;
using static Platform.Notifications.Tests.NotificationScenarios;

namespace Platform.Notifications.Tests;

public sealed class ClaimingADispatch
{
    private static readonly Guid ContactId = new("c0c0c0c0-0000-4000-8000-000000000001");
    private static readonly TimeSpan Lifetime = new Platform.Notifications.Api.Telephony.TelephonySettings().ClaimLifetime;

    [Fact]
    public void A_fresh_claim_is_someone_elses()
    {
        Assert.True(Sending(updatedAt: Now.AddSeconds(-10)).IsClaimedBySomeoneElse(Now, Lifetime));
    }

    [Fact]
    public void A_claim_just_younger_than_its_lifetime_is_still_someone_elses()
    {
        Assert.True(Sending(updatedAt: Now - Lifetime + TimeSpan.FromTicks(1)).IsClaimedBySomeoneElse(Now, Lifetime));
    }

    [Fact]
    public void A_claim_as_old_as_its_lifetime_is_abandoned()
    {
        Assert.False(Sending(updatedAt: Now - Lifetime).IsClaimedBySomeoneElse(Now, Lifetime));
    }

    [Fact]
    public void A_dispatch_waiting_for_its_retry_is_nobodys_claim()
    {
        Assert.False((Sending(updatedAt: Now) with { Status = DispatchStatus.Retrying }).IsClaimedBySomeoneElse(Now, Lifetime));
    }

    [Theory]
    [InlineData(DispatchStatus.Sent)]
    [InlineData(DispatchStatus.Failed)]
    [InlineData(DispatchStatus.Skipped)]
    public void A_finished_dispatch_is_not_a_claim_however_recent(DispatchStatus status)
    {
        Assert.False((Sending(updatedAt: Now) with { Status = status }).IsClaimedBySomeoneElse(Now, Lifetime));
    }

    [Fact]
    public void One_dispatch_record_exists_per_alert_contact_and_escalation_step()
    {
        Assert.Equal(SmsDispatch.IdFor(AlertId, ContactId, 1), SmsDispatch.IdFor(AlertId, ContactId, 1));
        Assert.NotEqual(SmsDispatch.IdFor(AlertId, ContactId, 1), SmsDispatch.IdFor(AlertId, ContactId, 2));
        Assert.NotEqual(SmsDispatch.IdFor(AlertId, ContactId, 1), SmsDispatch.IdFor(AlertId, Guid.NewGuid(), 1));
    }

    [Fact]
    public void A_call_and_the_sms_of_the_same_step_are_two_dispatches()
    {
        Assert.Equal(CallDispatch.IdFor(AlertId, ContactId, 2), CallDispatch.IdFor(AlertId, ContactId, 2));
        Assert.NotEqual(SmsDispatch.IdFor(AlertId, ContactId, 2), CallDispatch.IdFor(AlertId, ContactId, 2));
        Assert.NotEqual(CallDispatch.IdFor(AlertId, ContactId, 2), CallDispatch.IdFor(AlertId, ContactId, 3));
    }

    private static Dispatch Sending(DateTimeOffset updatedAt) =>
        new(SmsDispatch.IdFor(AlertId, ContactId, 1), DispatchStatus.Sending, updatedAt);
}
