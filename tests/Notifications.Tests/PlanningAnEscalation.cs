using Platform.Alerts.Contracts;
using Platform.Notifications.Api.Escalating;
using static Platform.Notifications.Tests.NotificationScenarios;

namespace Platform.Notifications.Tests;

public sealed class PlanningAnEscalation
{
    private static readonly EscalationReach FirstTierByVoice = new(EscalationAudience.FirstTier, EscalationChannel.Voice);
    private static readonly EscalationReach FirstTierBySms = new(EscalationAudience.FirstTier, EscalationChannel.Sms);
    private static readonly EscalationReach OnCallBySms = new(EscalationAudience.OnCall, EscalationChannel.Sms);
    private static readonly EscalationReach OnCallByVoice = new(EscalationAudience.OnCall, EscalationChannel.Voice);

    [Fact]
    public void Her_first_tier_is_the_first_wave_again_once_per_channel()
    {
        var (sister, mother, colleague) = (Contact(1), Contact(1), Contact(2));

        var plan = EscalationPlan.For([FirstTierByVoice, FirstTierBySms, FirstTierByVoice], Her(sister, colleague, mother), Roster(), Now);

        Assert.Equal(
        [
            new PlannedDispatch(sister.ContactId, ResponderKind.Contact, EscalationChannel.Voice),
            new PlannedDispatch(mother.ContactId, ResponderKind.Contact, EscalationChannel.Voice),
            new PlannedDispatch(sister.ContactId, ResponderKind.Contact, EscalationChannel.Sms),
            new PlannedDispatch(mother.ContactId, ResponderKind.Contact, EscalationChannel.Sms),
        ], plan.Dispatches);
        Assert.Empty(plan.AudiencesWithNobody);
    }

    [Fact]
    public void Her_second_and_third_tiers_are_the_next_circles_she_named_and_an_empty_one_is_no_alarm()
    {
        var (sister, cousin, neighbour) = (Contact(1), Contact(2), Contact(3));
        var secondBySms = new EscalationReach(EscalationAudience.SecondTier, EscalationChannel.Sms);
        var thirdBySms = new EscalationReach(EscalationAudience.ThirdTier, EscalationChannel.Sms);

        var second = EscalationPlan.For([secondBySms], Her(sister, neighbour, cousin), Roster(), Now);
        var third = EscalationPlan.For([thirdBySms], Her(sister, neighbour, cousin), Roster(), Now);
        // She named tiers 2 and 3 only: tier 2 stands in as her first circle, tier 3 as her second, nobody as her third.
        var without = EscalationPlan.For([FirstTierBySms, secondBySms, thirdBySms], Her(cousin, neighbour), Roster(), Now);

        Assert.Equal([new PlannedDispatch(cousin.ContactId, ResponderKind.Contact, EscalationChannel.Sms)], second.Dispatches);
        Assert.Equal([new PlannedDispatch(neighbour.ContactId, ResponderKind.Contact, EscalationChannel.Sms)], third.Dispatches);
        Assert.Equal(
        [
            new PlannedDispatch(cousin.ContactId, ResponderKind.Contact, EscalationChannel.Sms),
            new PlannedDispatch(neighbour.ContactId, ResponderKind.Contact, EscalationChannel.Sms),
        ], without.Dispatches);
        Assert.Empty(without.AudiencesWithNobody);
    }

    [Fact]
    public void A_contact_who_said_they_are_coming_is_called_no_more_and_it_is_no_alarm()
    {
        var (sister, mother) = (Contact(1), Contact(1));

        var plan = EscalationPlan.For([FirstTierByVoice], Her(sister, mother), Roster(), Now, coming: [sister.ContactId]);
        var everyone = EscalationPlan.For([FirstTierByVoice], Her(sister, mother), Roster(), Now, coming: [sister.ContactId, mother.ContactId]);

        Assert.Equal([new PlannedDispatch(mother.ContactId, ResponderKind.Contact, EscalationChannel.Voice)], plan.Dispatches);
        Assert.Empty(everyone.Dispatches);
        Assert.Empty(everyone.AudiencesWithNobody);
    }

    [Fact]
    public void On_call_means_whoever_the_roster_has_on_call_at_that_instant_and_not_her_contacts()
    {
        var (nadia, luc) = (Operator("Nadia", onCall: true), Operator("Luc", onCall: false));

        var plan = EscalationPlan.For([OnCallBySms, OnCallByVoice], Her(Contact(1)), Roster(luc, nadia), Now);

        Assert.Equal(
        [
            new PlannedDispatch(nadia.OperatorId, ResponderKind.OnCallOperator, EscalationChannel.Sms),
            new PlannedDispatch(nadia.OperatorId, ResponderKind.OnCallOperator, EscalationChannel.Voice),
        ], plan.Dispatches);
    }

    [Fact]
    public void Nobody_on_call_is_reported_and_her_contacts_are_still_reached()
    {
        var sister = Contact(1);

        var plan = EscalationPlan.For([OnCallByVoice, FirstTierBySms], Her(sister), Roster(Operator("Luc", onCall: false)), Now);

        Assert.Equal([EscalationAudience.OnCall], plan.AudiencesWithNobody);
        Assert.Equal([new PlannedDispatch(sister.ContactId, ResponderKind.Contact, EscalationChannel.Sms)], plan.Dispatches);
    }

    [Fact]
    public void Without_her_contacts_the_on_call_operators_are_still_reached()
    {
        var nadia = Operator("Nadia", onCall: true);

        var plan = EscalationPlan.For([FirstTierBySms, OnCallBySms], her: null, Roster(nadia), Now);

        Assert.Equal([new PlannedDispatch(nadia.OperatorId, ResponderKind.OnCallOperator, EscalationChannel.Sms)], plan.Dispatches);
        Assert.Equal([EscalationAudience.FirstTier], plan.AudiencesWithNobody);
    }

    [Fact]
    public void Without_a_roster_nobody_is_on_call()
    {
        var plan = EscalationPlan.For([OnCallBySms], Her(Contact(1)), roster: null, Now);

        Assert.Empty(plan.Dispatches);
        Assert.Equal([EscalationAudience.OnCall], plan.AudiencesWithNobody);
    }

    [Fact]
    public void The_regions_fallback_means_whoever_its_roster_has_on_at_that_instant_and_an_empty_one_is_reported()
    {
        var (fatou, marc) = (Operator("Fatou", onCall: true), Operator("Marc", onCall: false));
        var regionBySms = new EscalationReach(EscalationAudience.RegionFallback, EscalationChannel.Sms);
        var regionByVoice = new EscalationReach(EscalationAudience.RegionFallback, EscalationChannel.Voice);
        var region = new Platform.Notifications.Api.Contacts.RosterCopy(Platform.Contacts.Contracts.RegionFallbackRoster.Id, 1, [fatou, marc]);

        var plan = EscalationPlan.For([regionBySms, regionByVoice], Her(Contact(1)), Roster(), Now, region: region);
        var withoutOne = EscalationPlan.For([regionBySms], Her(Contact(1)), Roster(), Now, region: null);

        Assert.Equal(
        [
            new PlannedDispatch(fatou.OperatorId, ResponderKind.OnCallOperator, EscalationChannel.Sms),
            new PlannedDispatch(fatou.OperatorId, ResponderKind.OnCallOperator, EscalationChannel.Voice),
        ], plan.Dispatches);
        Assert.Equal([EscalationAudience.RegionFallback], withoutOne.AudiencesWithNobody);
    }
}
