using Platform.Notifications.Api.Telephony;

namespace Platform.Notifications.Tests;

public sealed class RetryingTheProvider
{
    private static readonly TelephonySettings Settings = new();

    [Theory]
    [InlineData(1, 0.5, 1.0)]
    [InlineData(2, 1.0, 2.0)]
    [InlineData(5, 8.0, 16.0)]
    [InlineData(20, 30.0, 60.0)]
    public void Each_attempt_waits_between_half_and_all_of_a_doubling_step_capped_at_a_minute(int attempt, double atLeast, double atMost)
    {
        var shortest = Settings.RetryDelay(attempt, null, 0).TotalSeconds;
        var longest = Settings.RetryDelay(attempt, null, 1).TotalSeconds;

        Assert.Equal(atLeast, shortest, 3);
        Assert.Equal(atMost, longest, 3);
    }

    [Fact]
    public void A_retry_after_from_the_provider_is_honoured_as_given()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), Settings.RetryDelay(1, TimeSpan.FromSeconds(7), 0.3));
        Assert.Equal(TimeSpan.FromSeconds(120), Settings.RetryDelay(9, TimeSpan.FromSeconds(120), 0.9));
    }

    [Theory]
    [InlineData(null, "queued", true)]
    [InlineData("queued", "sent", true)]
    [InlineData("sent", "delivered", true)]
    [InlineData("delivered", "sent", false)]
    [InlineData("delivered", "delivered", false)]
    [InlineData("delivered", "undelivered", false)]
    [InlineData("undelivered", "delivered", false)]
    [InlineData("sent", "undelivered", true)]
    [InlineData("sent", "weird", false)]
    public void A_status_only_ever_moves_forward_and_the_first_outcome_stands(string? current, string next, bool moves)
    {
        Assert.Equal(moves, DeliveryStatusWebhook.MovesForward(current, next));
    }

    [Fact]
    public void A_claim_outlives_the_longest_provider_request()
    {
        var now = DateTimeOffset.UtcNow;
        var claim = new Dispatch(Guid.NewGuid(), DispatchStatus.Sending, now - Settings.HttpTimeout);

        Assert.True(claim.IsClaimedBySomeoneElse(now, Settings.ClaimLifetime));
        Assert.False(claim.IsAbandonedClaim(now, Settings.ClaimLifetime));
        Assert.True(claim.IsAbandonedClaim(now + Settings.ClaimLifetime, Settings.ClaimLifetime));
    }
}
