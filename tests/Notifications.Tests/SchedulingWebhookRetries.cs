using Platform.Notifications.Api.Webhooks;
using System.Net;
using System.Net.Http.Headers;

namespace Platform.Notifications.Tests;

public sealed class SchedulingWebhookRetries
{
    private const double NoJitter = 0.5;

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 5 * 60)]
    [InlineData(3, 30 * 60)]
    [InlineData(4, 2 * 3600)]
    [InlineData(5, 5 * 3600)]
    [InlineData(6, 10 * 3600)]
    [InlineData(7, 10 * 3600)]
    public void A_failed_attempt_is_retried_on_the_spec_schedule(int attempt, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), WebhookRetrySchedule.DelayAfter(attempt, WebhookAttemptOutcome.Failed, null, NoJitter));
    }

    [Fact]
    public void After_the_eighth_attempt_the_delivery_is_given_up()
    {
        Assert.Null(WebhookRetrySchedule.DelayAfter(8, WebhookAttemptOutcome.Failed, null, NoJitter));
        Assert.Null(WebhookRetrySchedule.DelayAfter(8, WebhookAttemptOutcome.Throttled, TimeSpan.FromMinutes(1), NoJitter));
    }

    [Fact]
    public void Jitter_moves_a_retry_by_at_most_a_tenth_either_way()
    {
        Assert.Equal(TimeSpan.FromMinutes(27), WebhookRetrySchedule.DelayAfter(3, WebhookAttemptOutcome.Failed, null, 0));
        var latest = WebhookRetrySchedule.DelayAfter(3, WebhookAttemptOutcome.Failed, null, Math.BitDecrement(1.0))!.Value;
        Assert.InRange(latest, TimeSpan.FromMinutes(32.99), TimeSpan.FromMinutes(33));
    }

    [Theory]
    [InlineData(WebhookAttemptOutcome.Delivered)]
    [InlineData(WebhookAttemptOutcome.Gone)]
    public void A_delivered_or_gone_attempt_is_not_retried(WebhookAttemptOutcome outcome)
    {
        Assert.Null(WebhookRetrySchedule.DelayAfter(1, outcome, null, NoJitter));
    }

    [Fact]
    public void A_longer_retry_after_from_a_throttled_receiver_is_honoured()
    {
        Assert.Equal(TimeSpan.FromMinutes(2), WebhookRetrySchedule.DelayAfter(1, WebhookAttemptOutcome.Throttled, TimeSpan.FromMinutes(2), NoJitter));
    }

    [Fact]
    public void A_shorter_retry_after_does_not_bring_the_retry_forward()
    {
        Assert.Equal(TimeSpan.FromMinutes(30), WebhookRetrySchedule.DelayAfter(3, WebhookAttemptOutcome.Throttled, TimeSpan.FromSeconds(1), NoJitter));
    }

    [Fact]
    public void A_retry_after_is_honoured_for_a_day_at_most()
    {
        Assert.Equal(TimeSpan.FromHours(24), WebhookRetrySchedule.DelayAfter(2, WebhookAttemptOutcome.Throttled, TimeSpan.FromDays(30), NoJitter));
    }

    [Fact]
    public void A_retry_after_on_an_answer_other_than_429_or_503_is_ignored()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), WebhookRetrySchedule.DelayAfter(1, WebhookAttemptOutcome.Failed, TimeSpan.FromHours(1), NoJitter));
    }

    [Fact]
    public void Attempts_are_counted_from_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookRetrySchedule.DelayAfter(0, WebhookAttemptOutcome.Failed, null, NoJitter));
    }

    [Theory]
    [InlineData(200, false, WebhookAttemptOutcome.Delivered)]
    [InlineData(202, false, WebhookAttemptOutcome.Delivered)]
    [InlineData(204, false, WebhookAttemptOutcome.Delivered)]
    [InlineData(299, false, WebhookAttemptOutcome.Delivered)]
    [InlineData(200, true, WebhookAttemptOutcome.Failed)]
    [InlineData(410, false, WebhookAttemptOutcome.Gone)]
    [InlineData(429, false, WebhookAttemptOutcome.Throttled)]
    [InlineData(503, false, WebhookAttemptOutcome.Throttled)]
    [InlineData(301, false, WebhookAttemptOutcome.Failed)]
    [InlineData(302, false, WebhookAttemptOutcome.Failed)]
    [InlineData(400, false, WebhookAttemptOutcome.Failed)]
    [InlineData(401, false, WebhookAttemptOutcome.Failed)]
    [InlineData(404, false, WebhookAttemptOutcome.Failed)]
    [InlineData(500, false, WebhookAttemptOutcome.Failed)]
    [InlineData(502, false, WebhookAttemptOutcome.Failed)]
    public void Only_a_2xx_in_time_is_delivered_and_only_410_disables_the_endpoint(int status, bool timedOut, WebhookAttemptOutcome outcome)
    {
        Assert.Equal(outcome, WebhookRetrySchedule.Classify((HttpStatusCode)status, timedOut));
    }

    [Fact]
    public void No_answer_at_all_is_a_failure_to_retry()
    {
        Assert.Equal(WebhookAttemptOutcome.Failed, WebhookRetrySchedule.Classify(null, timedOut: false));
        Assert.Equal(WebhookAttemptOutcome.Failed, WebhookRetrySchedule.Classify(null, timedOut: true));
    }

    [Fact]
    public void A_retry_after_reads_as_seconds_or_as_a_date()
    {
        var now = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(120), WebhookRetrySchedule.RetryAfter(new RetryConditionHeaderValue(TimeSpan.FromSeconds(120)), now));
        Assert.Equal(TimeSpan.FromMinutes(10), WebhookRetrySchedule.RetryAfter(new RetryConditionHeaderValue(now.AddMinutes(10)), now));
        Assert.Null(WebhookRetrySchedule.RetryAfter(null, now));
    }
}
