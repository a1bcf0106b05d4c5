using Platform.Alerts.Api.Alerts;
using Platform.Alerts.Api.Alerts.Acknowledging;
using Platform.Alerts.Api.Alerts.Escalating;
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
        secondsAfterTrigger.Aggregate(alert, (state, seconds) => After(state, [.. At(state, seconds).Events]));

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

    private static ResponderAcknowledged Acknowledgement(Guid responder, double secondsAfterTrigger,
        ResponderKind kind = ResponderKind.Contact) =>
        new(AlertId, Association, responder, kind, "Amina", NotificationChannel.Sms, Now.AddSeconds(secondsAfterTrigger));

    private static NotificationAcknowledged Acknowledged(Guid responder) =>
        new(Guid.NewGuid(), Now.AddSeconds(1), Association, AlertId, responder, ResponderKind.Contact, "Amina", NotificationChannel.Voice);
}
