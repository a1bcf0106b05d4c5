using Platform.Alerts.Api.Alerts;
using Platform.Alerts.Api.Alerts.Acknowledging;
using Platform.Alerts.Api.Alerts.Escalating;
using Platform.Alerts.Api.Alerts.Listing;
using Platform.Alerts.Contracts;
using Platform.Notifications.Contracts;
using static Platform.Alerts.Tests.AlertScenarios;
using AlertCancelled = Platform.Alerts.Api.Alerts.AlertCancelled;
using AlertResolved = Platform.Alerts.Api.Alerts.AlertResolved;
using AlertTriggered = Platform.Alerts.Api.Alerts.AlertTriggered;

namespace Platform.Alerts.Tests;

public sealed class EscalatingAnAlert
{
    private static readonly Guid AlertId = Alert.IdFor(Association, Beneficiary, PressId);
    private static readonly Position Where = new(45.7772, 3.0870, 12.5, Captured);
    private static readonly Alert Active = AlertEvolution.Evolve(null, new AlertTriggered(AlertId, Association, Beneficiary, DeviceId,
        PressPattern.DoubleClick, Where, PressId, Now))!;
    private static readonly EscalationPolicy Policy = EscalationPolicy.DefaultFor(Association);
    private static readonly EscalationReach Tier1Voice = new(EscalationAudience.FirstTier, EscalationChannel.Voice);
    private static readonly EscalationReach Tier2Sms = new(EscalationAudience.SecondTier, EscalationChannel.Sms);
    private static readonly EscalationReach Tier3Sms = new(EscalationAudience.ThirdTier, EscalationChannel.Sms);
    private static readonly EscalationReach OnCallSms = new(EscalationAudience.OnCall, EscalationChannel.Sms);
    private static readonly EscalationReach OnCallVoice = new(EscalationAudience.OnCall, EscalationChannel.Voice);

    private static Alert After(Alert alert, params object[] events) => events.Aggregate(alert, (state, e) => AlertEvolution.Evolve(state, e)!);

    private static EscalationDecision At(Alert alert, double secondsAfterTrigger) =>
        Escalation.Decide(alert, Policy, Now.AddSeconds(secondsAfterTrigger));

    /// <summary>Runs the wake-ups as the pump would, appending what each decides.</summary>
    private static Alert Run(Alert alert, params double[] secondsAfterTrigger) =>
        secondsAfterTrigger.Aggregate(alert, (state, seconds) => After(state, [.. At(state, seconds).ToAppend]));

    [Fact]
    public void The_default_policy_is_calls_at_60_s_on_call_at_120_s_then_every_90_s()
    {
        Assert.Equal([0, 60, 120, 210, 300], Enumerable.Range(1, 5).Select(step => Policy.DueAfter(step).TotalSeconds));
    }

    [Fact]
    public void Each_tier_can_have_its_own_delay_and_steps_falling_due_together_go_out_as_one()
    {
        var policy = Policy with { SecondTierAfter = TimeSpan.FromSeconds(90), ThirdTierAfter = TimeSpan.FromSeconds(150),
            OnCallAfter = TimeSpan.FromSeconds(150) };

        Assert.Equal([0, 60, 90, 150, 240], Enumerable.Range(1, 5).Select(step => policy.DueAfter(step).TotalSeconds));
        Assert.Equal([[Tier1Voice], [Tier2Sms], [Tier3Sms, OnCallSms, OnCallVoice], [Tier1Voice, OnCallSms, OnCallVoice]],
            Enumerable.Range(2, 4).Select(policy.ReachOf));
    }

    [Fact]
    public void Before_60_s_nothing_is_due_and_the_next_look_is_at_60_s()
    {
        var decision = At(Active, 59.9);

        Assert.Empty(decision.Events);
        Assert.Equal(Now.AddSeconds(60), decision.NextWakeUp);
    }

    [Fact]
    public void At_60_s_tier_1_is_called_and_tier_2_texted_and_the_next_look_is_at_120_s()
    {
        var decision = At(Active, 60);

        var step = Assert.Single(decision.Events);
        Assert.Equal((2, 2, false), (step.Step, step.PlanStep, step.Priority));
        Assert.Equal([Tier1Voice, Tier2Sms], step.Reach);
        Assert.Equal(Where, step.LastKnownLocation);
        Assert.Equal(Now.AddSeconds(120), decision.NextWakeUp);
    }

    [Fact]
    public void At_120_s_tier_3_is_texted_and_the_on_call_operator_gets_an_sms_and_a_call()
    {
        var decision = At(Run(Active, 60), 120);

        var step = Assert.Single(decision.Events);
        Assert.Equal(3, step.Step);
        Assert.Equal([Tier3Sms, OnCallSms, OnCallVoice], step.Reach);
        Assert.Equal(Now.AddSeconds(210), decision.NextWakeUp);
    }

    [Fact]
    public void Then_every_90_s_tier_1_and_the_on_call_operator_are_called_again()
    {
        var afterOnCall = Run(Active, 60, 120);

        var first = Assert.Single(At(afterOnCall, 210).Events);
        var second = Assert.Single(At(After(afterOnCall, first), 300).Events);

        Assert.Equal((4, 5), (first.Step, second.Step));
        Assert.Equal([Tier1Voice, OnCallSms, OnCallVoice], first.Reach);
        Assert.Equal(first.Reach, second.Reach);
        Assert.Equal(Now.AddSeconds(390), At(After(afterOnCall, first, second), 300).NextWakeUp);
    }

    [Fact]
    public void A_wake_up_that_fires_twice_escalates_once()
    {
        var afterStep2 = Run(Active, 60);

        var again = At(afterStep2, 60.5);

        Assert.Empty(again.Events);
        Assert.Equal(Now.AddSeconds(120), again.NextWakeUp);
    }

    [Fact]
    public void Steps_missed_while_no_replica_ran_fire_as_one_step_reaching_everyone_they_would_have()
    {
        var decision = At(Active, 250);

        var step = Assert.Single(decision.Events);
        Assert.Equal((2, 4), (step.Step, step.PlanStep));
        Assert.Equal([Tier1Voice, Tier2Sms, Tier3Sms, OnCallSms, OnCallVoice], step.Reach);
        Assert.Equal(Now.AddSeconds(300), decision.NextWakeUp);
    }

    [Fact]
    public void An_operators_acknowledgement_stops_the_escalation()
    {
        var acknowledged = After(Run(Active, 60), Acknowledgement(Guid.NewGuid(), 70, ResponderKind.OnCallOperator));

        var decision = At(acknowledged, 120);

        Assert.Empty(decision.Events);
        Assert.Null(decision.NextWakeUp);
    }

    [Fact]
    public void A_contacts_acknowledgement_stops_only_what_reaches_that_contact_and_her_association_is_still_paged()
    {
        var amina = Guid.NewGuid();
        var comingSoon = After(Run(Active, 60), Acknowledgement(amina, 70));

        var step = Assert.Single(At(comingSoon, 120).Events);

        Assert.Equal([Tier3Sms, OnCallSms, OnCallVoice], step.Reach);
        Assert.Equal([amina], step.Coming);
        Assert.Equal(Now.AddSeconds(210), At(After(comingSoon, step), 120).NextWakeUp);
    }

    [Fact]
    public void Her_association_taking_it_in_hand_through_the_api_stops_the_walk_and_is_shown_to_her_as_her_association()
    {
        var operatorId = Guid.NewGuid();

        var events = TakingItInHandSlice.Decide(Run(Active, 60), operatorId, Now.AddSeconds(70));
        var taken = Assert.IsType<ResponderAcknowledged>(Assert.Single(events));

        Assert.Equal((ResponderKind.OnCallOperator, TakingItInHandSlice.HerAssociation), (taken.Kind, taken.Name));
        Assert.Null(At(After(Run(Active, 60), taken), 600).NextWakeUp);
        Assert.Empty(TakingItInHandSlice.Decide(After(Active, taken), operatorId, Now.AddSeconds(80)));
        Assert.Throws<Platform.ServiceDefaults.ProblemException>(() => TakingItInHandSlice.Decide(
            After(Active, new AlertCancelled(AlertId, Association, Beneficiary, Now.AddSeconds(30))), operatorId, Now.AddSeconds(80)));
    }

    [Theory]
    [InlineData("resolved")]
    [InlineData("cancelled")]
    public void An_alert_that_ended_escalates_no_more(string ending)
    {
        object ended = ending == "resolved"
            ? new AlertResolved(AlertId, Association, Guid.NewGuid(), AlertOutcome.Safe, null, Now.AddSeconds(30))
            : new AlertCancelled(AlertId, Association, Beneficiary, Now.AddSeconds(30));

        var decision = At(After(Active, ended), 600);

        Assert.Empty(decision.Events);
        Assert.Null(decision.NextWakeUp);
    }

    [Fact]
    public void A_call_me_with_an_excuse_press_never_escalates()
    {
        var excuse = AlertEvolution.Evolve(null, new AlertTriggered(AlertId, Association, Beneficiary, DeviceId,
            PressPattern.SingleClick, Where, PressId, Now, Response: AlertResponse.CallMeWithAnExcuse))!;

        var decision = At(excuse, 600);

        Assert.Empty(decision.Events);
        Assert.Null(decision.NextWakeUp);
    }

    [Fact]
    public void A_duress_reaches_the_on_call_operator_at_once_with_priority_and_the_plan_goes_on()
    {
        var duress = After(Active, new AlertDuressSignalled(AlertId, Association, DuressReason.DuressPin, Now.AddSeconds(10)));

        var decision = At(duress, 10);
        var priority = Assert.Single(decision.Events);
        var next = At(After(duress, priority), 60);

        Assert.Equal((2, 0, true), (priority.Step, priority.PlanStep, priority.Priority));
        Assert.Equal([OnCallSms, OnCallVoice], priority.Reach);
        Assert.Equal(Now.AddSeconds(60), decision.NextWakeUp);
        var step = Assert.Single(next.Events);
        Assert.Equal((3, 2, false), (step.Step, step.PlanStep, step.Priority));
    }

    [Fact]
    public void A_duress_after_an_acknowledgement_still_reaches_the_association_once()
    {
        var acknowledged = After(Active, Acknowledgement(Guid.NewGuid(), 20, ResponderKind.OnCallOperator),
            new AlertDuressSignalled(AlertId, Association, DuressReason.DuressPin, Now.AddSeconds(30)));

        var decision = At(acknowledged, 30);
        var priority = Assert.Single(decision.Events);

        Assert.True(priority.Priority);
        Assert.Null(decision.NextWakeUp);
        Assert.Empty(At(After(acknowledged, priority), 31).Events);
    }

    [Fact]
    public void Too_many_wrong_pins_escalate_with_priority_too()
    {
        var guessed = After(Active, new WrongPinsExceeded(AlertId, Association, 3, Now.AddSeconds(5)));

        Assert.True(Assert.Single(At(guessed, 5).Events).Priority);
    }

    [Fact]
    public void Each_responder_acknowledges_once_and_only_while_the_alert_runs()
    {
        var contact = Guid.NewGuid();
        var first = AcknowledgementConsumer.Decide(Active, Acknowledged(contact));
        var acknowledged = After(Active, [.. first]);

        Assert.IsType<ResponderAcknowledged>(Assert.Single(first));
        Assert.Empty(AcknowledgementConsumer.Decide(acknowledged, Acknowledged(contact)));
        Assert.Single(AcknowledgementConsumer.Decide(acknowledged, Acknowledged(Guid.NewGuid())));
        Assert.Empty(AcknowledgementConsumer.Decide(After(Active,
            new AlertResolved(AlertId, Association, Guid.NewGuid(), AlertOutcome.Safe, null, Now)), Acknowledged(contact)));
        Assert.Equal(Now.AddSeconds(1), acknowledged.AcknowledgedAt);
    }

    private static readonly EscalationReach RegionSms = new(EscalationAudience.RegionFallback, EscalationChannel.Sms);
    private static readonly EscalationReach RegionVoice = new(EscalationAudience.RegionFallback, EscalationChannel.Voice);

    [Fact]
    public void The_chain_looks_again_at_10_min_when_no_operator_answered_even_between_repeats()
    {
        // Repeats at 210, 300, ..., 570, 660 s: the region's deadline (600 s) falls between two of them.
        var beforeTheRegion = Run(Active, 60, 120, 210, 300, 390, 480, 570);

        Assert.Equal(Now.AddSeconds(600), At(beforeTheRegion, 570).NextWakeUp);
    }

    [Fact]
    public void After_10_min_without_an_operator_the_alert_goes_unanswered_and_the_regions_fallback_is_texted_and_called()
    {
        var beforeTheRegion = Run(Active, 60, 120, 210, 300, 390, 480, 570);

        var decision = At(beforeTheRegion, 600);

        var unanswered = Assert.IsType<AlertWentUnanswered>(decision.Unanswered);
        Assert.Equal((UnansweredReason.NoOperatorAnswered, Now.AddSeconds(600)), (unanswered.Reason, unanswered.At));
        var step = Assert.Single(decision.Events);
        Assert.Equal([RegionSms, RegionVoice], step.Reach);
        Assert.Equal(Now.AddSeconds(660), decision.NextWakeUp);
        Assert.Equal(decision.ToAppend[0], unanswered);
        var regionHasIt = After(beforeTheRegion, [.. decision.ToAppend]);
        Assert.Equal((Now.AddSeconds(600), 1), (regionHasIt.UnansweredAt, regionHasIt.RegionFallbackSteps));
        Assert.Equal([Tier1Voice, OnCallSms, OnCallVoice, RegionSms, RegionVoice], Assert.Single(At(regionHasIt, 660).Events).Reach);
    }

    [Fact]
    public void Once_the_region_has_it_the_repeats_stop_after_their_bound_and_nothing_calls_a_phone_forever()
    {
        var policy = Policy with { RepeatsOnceUnanswered = 2 };
        var alert = Active;
        var steps = new List<EscalationStepReached>();
        DateTimeOffset? wakeUp = Now.AddSeconds(60);
        while (wakeUp is { } at && steps.Count < 100)
        {
            var decision = Escalation.Decide(alert, policy, at);
            steps.AddRange(decision.Events);
            alert = After(alert, [.. decision.ToAppend]);
            wakeUp = decision.NextWakeUp;
        }

        // The region's step at 600 s, then 2 repeats (660 s, 750 s), then silence.
        Assert.Equal(3, steps.Count(step => step.Reach.Contains(RegionSms)));
        Assert.Equal(Now.AddSeconds(750), steps[^1].At);
        Assert.Null(Escalation.Decide(alert, policy, Now.AddHours(5)).NextWakeUp);
        Assert.Empty(Escalation.Decide(alert, policy, Now.AddHours(5)).Events);
    }

    [Fact]
    public void An_operator_answering_before_10_min_keeps_the_region_out_of_it()
    {
        var taken = After(Run(Active, 60, 120), Acknowledgement(Guid.NewGuid(), 130, ResponderKind.OnCallOperator));

        var decision = At(taken, 700);

        Assert.Equal((null, 0, (DateTimeOffset?)null), (decision.Unanswered, decision.Events.Count, decision.NextWakeUp));
    }

    [Fact]
    public void A_drill_never_wakes_the_region_it_is_reported_unanswered_and_stops_ringing()
    {
        var drill = AlertEvolution.Evolve(null, new AlertTriggered(AlertId, Association, Beneficiary, DeviceId,
            PressPattern.DoubleClick, Where, PressId, Now, Source: AlertSource.Drill))!;

        var decision = At(Run(drill, 60, 120), 600);

        Assert.Equal(AlertSource.Drill, decision.Unanswered!.Source);
        Assert.DoesNotContain(decision.Events, step => step.Reach.Contains(RegionSms));
        Assert.Null(decision.NextWakeUp);
        Assert.Empty(Escalation.DecideNobodyReachable(drill, Now));
        // Her association reads it in the drill's report and list, never first among real alerts.
        var reported = After(Run(drill, 60, 120), [.. decision.ToAppend]);
        Assert.Equal((true, false), (AlertSummary.Of(reported).Unanswered, AlertSummary.Of(reported).Urgent));
        Assert.Equal(Now.AddSeconds(600), Platform.Alerts.Api.Alerts.Drilling.DrillReportSlice.Report(reported, []).UnansweredAt);
    }

    [Fact]
    public void Nobody_reachable_at_the_press_goes_to_the_region_at_once_and_only_once()
    {
        var events = Escalation.DecideNobodyReachable(Active, Now.AddSeconds(1));

        Assert.Equal(UnansweredReason.NobodyReachable, Assert.IsType<AlertWentUnanswered>(events[0]).Reason);
        var step = Assert.IsType<EscalationStepReached>(events[1]);
        Assert.Equal((2, 1, false), (step.Step, step.PlanStep, step.Priority));
        Assert.Equal([RegionSms, RegionVoice], step.Reach);
        var withTheRegion = After(Active, [.. events]);
        Assert.Empty(Escalation.DecideNobodyReachable(withTheRegion, Now.AddSeconds(2)));
        // The chain goes on (her association's on-call may come on shift), the region in every later step.
        Assert.Equal([Tier1Voice, Tier2Sms, RegionSms, RegionVoice], Assert.Single(At(withTheRegion, 60).Events).Reach);
    }

    [Fact]
    public void Two_contacts_coming_stop_the_walk_through_her_circles_when_the_policy_says_so_one_never_does()
    {
        var policy = Policy with { TwoContactsStopTheWalk = true };
        var one = After(Active, Acknowledgement(Guid.NewGuid(), 10));
        var two = After(one, Acknowledgement(Guid.NewGuid(), 20));

        Assert.Equal([Tier1Voice, Tier2Sms], Assert.Single(Escalation.Decide(one, policy, Now.AddSeconds(60)).Events).Reach);
        Assert.Empty(Escalation.Decide(two, policy, Now.AddSeconds(60)).Events);
        // Her association is still paged: only an operator stands it down.
        Assert.Equal([OnCallSms, OnCallVoice], Assert.Single(Escalation.Decide(two, policy, Now.AddSeconds(120)).Events).Reach);
        Assert.Equal([Tier1Voice, Tier2Sms], Assert.Single(At(two, 60).Events).Reach);
    }

    private static ResponderAcknowledged Acknowledgement(Guid responder, double secondsAfterTrigger,
        ResponderKind kind = ResponderKind.Contact) =>
        new(AlertId, Association, responder, kind, "Amina", NotificationChannel.Sms, Now.AddSeconds(secondsAfterTrigger));

    private static NotificationAcknowledged Acknowledged(Guid responder) =>
        new(Guid.NewGuid(), Now.AddSeconds(1), Association, AlertId, responder, ResponderKind.Contact, "Amina", NotificationChannel.Voice);
}
