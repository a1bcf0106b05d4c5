using Platform.Notifications.Api.Sms;
using static Platform.Notifications.Tests.NotificationScenarios;

namespace Platform.Notifications.Tests;

public sealed class ClaimingADispatch
{
    private static readonly Guid ContactId = new("c0c0c0c0-0000-4000-8000-000000000001");

    [Fact]
    public void A_fresh_claim_is_someone_elses()
    {
        Assert.True(Sending(updatedAt: Now.AddSeconds(-10)).IsClaimedBySomeoneElse(Now));
    }

    [Fact]
    public void A_claim_just_younger_than_its_lifetime_is_still_someone_elses()
    {
        Assert.True(Sending(updatedAt: Now - SmsDispatch.ClaimLifetime + TimeSpan.FromTicks(1)).IsClaimedBySomeoneElse(Now));
    }

    [Fact]
    public void A_claim_as_old_as_its_lifetime_is_abandoned()
    {
        Assert.False(Sending(updatedAt: Now - SmsDispatch.ClaimLifetime).IsClaimedBySomeoneElse(Now));
    }

    [Fact]
    public void A_released_claim_is_nobodys()
    {
        Assert.False(Sending(updatedAt: DateTimeOffset.MinValue).IsClaimedBySomeoneElse(Now));
    }

    [Theory]
    [InlineData(SmsDispatchStatus.Sent)]
    [InlineData(SmsDispatchStatus.Failed)]
    [InlineData(SmsDispatchStatus.Skipped)]
    public void A_finished_dispatch_is_not_a_claim_however_recent(SmsDispatchStatus status)
    {
        Assert.False((Sending(updatedAt: Now) with { Status = status }).IsClaimedBySomeoneElse(Now));
    }

    [Fact]
    public void One_dispatch_record_exists_per_alert_contact_and_escalation_step()
    {
        Assert.Equal(SmsDispatch.IdFor(AlertId, ContactId, 1), SmsDispatch.IdFor(AlertId, ContactId, 1));
        Assert.NotEqual(SmsDispatch.IdFor(AlertId, ContactId, 1), SmsDispatch.IdFor(AlertId, ContactId, 2));
        Assert.NotEqual(SmsDispatch.IdFor(AlertId, ContactId, 1), SmsDispatch.IdFor(AlertId, Guid.NewGuid(), 1));
    }

    private static SmsDispatch Sending(DateTimeOffset updatedAt) =>
        new(SmsDispatch.IdFor(AlertId, ContactId, 1), SmsDispatchStatus.Sending, updatedAt);
}
