using Platform.Contacts.Contracts;
using Platform.Notifications.Api.FanOut;
using static Platform.Notifications.Tests.NotificationScenarios;

namespace Platform.Notifications.Tests;

public sealed class PlanningTheFirstWave
{
    [Fact]
    public void Every_tier_1_contact_is_reached_first_and_nobody_else()
    {
        var (sister, mother) = (Contact(1), Contact(1));

        var wave = AlertTriggeredConsumer.FirstWave(Her(Contact(2), sister, Contact(3), mother));

        Assert.Equal([sister, mother], wave);
    }

    [Fact]
    public void Without_a_tier_1_contact_the_lowest_tier_she_named_stands_in()
    {
        var (friend, neighbour) = (Contact(2), Contact(2));

        var wave = AlertTriggeredConsumer.FirstWave(Her(Contact(3), friend, neighbour));

        Assert.Equal([friend, neighbour], wave);
    }

    [Fact]
    public void With_only_tier_3_contacts_they_are_the_first_wave()
    {
        var colleague = Contact(3);

        Assert.Equal([colleague], AlertTriggeredConsumer.FirstWave(Her(colleague)));
    }

    [Fact]
    public void Without_contacts_nobody_is_in_the_first_wave()
    {
        Assert.Empty(AlertTriggeredConsumer.FirstWave(Her()));
    }

    [Fact]
    public void Contacts_who_did_not_accept_are_never_in_the_first_wave_even_at_a_higher_tier()
    {
        var pending = Contact(tier: 1) with { Consent = ContactConsent.Pending };
        var declined = Contact(tier: 1) with { Consent = ContactConsent.Declined };
        var lapsed = Contact(tier: 1) with { Consent = ContactConsent.Lapsed };
        var confirmedTier2 = Contact(tier: 2);

        var wave = AlertTriggeredConsumer.FirstWave(Her(pending, declined, lapsed, confirmedTier2));

        Assert.Equal([confirmedTier2], wave);
    }
}
