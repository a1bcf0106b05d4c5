using Microsoft.Extensions.Configuration;
using Platform.Alerts.Contracts;
using Platform.Notifications.Api.Acknowledging;
using static Platform.Notifications.Tests.NotificationScenarios;

namespace Platform.Notifications.Tests;

public sealed class ReadingAcknowledgements
{
    private static readonly AcknowledgementWords Words = new(AcknowledgementWords.Defaults);

    [Theory]
    [InlineData("OK")]
    [InlineData(" ok ! ")]
    [InlineData("Ok.")]
    [InlineData("1")]
    [InlineData("oui")]
    [InlineData("Oui !")]
    [InlineData("J'arrive")]
    [InlineData("j’arrive...")]
    [InlineData("J ARRIVE")]
    [InlineData("ÔK")]
    [InlineData("J'ARRIVÉ")]
    [InlineData("Ouï")]
    public void These_replies_say_i_am_on_my_way(string body)
    {
        Assert.True(Words.Acknowledges(body));
    }

    [Theory]
    [InlineData("NON")]
    [InlineData("pas ok")]
    [InlineData("11")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("Qui est-ce ?")]
    public void These_replies_do_not(string? body)
    {
        Assert.False(Words.Acknowledges(body));
    }

    [Fact]
    public void A_configured_list_replaces_the_defaults()
    {
        var configured = AcknowledgementWords.From(new ConfigurationBuilder()
            .AddInMemoryCollection([new(AcknowledgementWords.ConfigurationKey + ":0", "Je viens")]).Build());

        Assert.True(configured.Acknowledges("je viens !"));
        Assert.False(configured.Acknowledges("OK"));
        Assert.True(AcknowledgementWords.From(new ConfigurationBuilder().Build()).Acknowledges("OK"));
    }

    [Fact]
    public void A_number_reached_for_one_active_alert_acknowledges_it_as_its_latest_role()
    {
        var alert = Guid.NewGuid();
        var asContact = Reached(alert, Now.AddMinutes(-3), ResponderKind.Contact);
        var asOperator = Reached(alert, Now.AddMinutes(-1), ResponderKind.OnCallOperator);

        var decision = SmsAcknowledgement.Decide([asContact, asOperator], new HashSet<Guid>(), Now);

        Assert.Equal(new SmsAcknowledgement.Acknowledges(asOperator), decision);
    }

    [Fact]
    public void A_number_reached_for_two_active_alerts_acknowledges_neither()
    {
        var (first, second) = (Reached(Guid.NewGuid(), Now.AddMinutes(-5)), Reached(Guid.NewGuid(), Now.AddMinutes(-1)));

        var decision = SmsAcknowledgement.Decide([first, second], new HashSet<Guid>(), Now);

        var ambiguous = Assert.IsType<SmsAcknowledgement.Ambiguous>(decision);
        Assert.Equal([first.AlertId, second.AlertId], ambiguous.AlertIds);
    }

    [Fact]
    public void A_closed_alert_is_no_longer_acknowledged_and_no_longer_makes_another_ambiguous()
    {
        var (closed, open) = (Reached(Guid.NewGuid(), Now.AddMinutes(-1)), Reached(Guid.NewGuid(), Now.AddMinutes(-5)));

        Assert.Equal(new SmsAcknowledgement.Acknowledges(open), SmsAcknowledgement.Decide([closed, open], new HashSet<Guid> { closed.AlertId }, Now));
        Assert.Equal(new SmsAcknowledgement.Acknowledges(open), SmsAcknowledgement.Decide([closed with { Closed = true }, open], new HashSet<Guid>(), Now));
        Assert.IsType<SmsAcknowledgement.NoActiveAlert>(SmsAcknowledgement.Decide([closed], new HashSet<Guid> { closed.AlertId }, Now));
    }

    [Fact]
    public void An_alert_that_last_reached_the_number_a_day_ago_is_no_longer_active()
    {
        var stale = Reached(Guid.NewGuid(), Now - SmsAcknowledgement.ActiveFor);

        Assert.IsType<SmsAcknowledgement.NoActiveAlert>(SmsAcknowledgement.Decide([stale], new HashSet<Guid>(), Now));
    }

    private static AlertRecipient Reached(Guid alertId, DateTimeOffset at, ResponderKind kind = ResponderKind.Contact) =>
        new(AlertRecipient.IdFor(alertId, Guid.NewGuid()), alertId, Association, Beneficiary, Guid.NewGuid(), kind, "Sophie", "+33612345678",
            "fr", Drill: false, at);

    [Theory]
    [InlineData("OK Camille", true, "Camille")]
    [InlineData("j'arrive  camille", true, "camille")]
    [InlineData("OK", true, null)]
    [InlineData("pas ok", false, null)]
    public void An_acknowledgement_may_name_the_woman_it_answers_for(string body, bool acknowledges, string? name)
    {
        Assert.Equal((acknowledges, name), Words.Read(body));
    }

    [Fact]
    public void Her_name_settles_which_of_two_active_alerts_is_acknowledged()
    {
        var (camille, lea) = (Reached(Guid.NewGuid(), Now.AddMinutes(-5)) with { BeneficiaryId = Guid.NewGuid() },
            Reached(Guid.NewGuid(), Now.AddMinutes(-1)) with { BeneficiaryId = Guid.NewGuid() });
        var names = new Dictionary<Guid, string> { [camille.BeneficiaryId] = "Camille", [lea.BeneficiaryId] = "Léa" };

        Assert.Equal(new SmsAcknowledgement.Acknowledges(lea), SmsAcknowledgement.Decide([camille, lea], new HashSet<Guid>(), Now, "LEA", names));
        Assert.IsType<SmsAcknowledgement.Ambiguous>(SmsAcknowledgement.Decide([camille, lea], new HashSet<Guid>(), Now, "Inès", names));
        // With one alert, a name that is not hers (or words after "oui") is no acknowledgement: the escalation goes on.
        Assert.IsType<SmsAcknowledgement.NoActiveAlert>(SmsAcknowledgement.Decide([camille], new HashSet<Guid>(), Now, "mais plus tard", names));
    }

    [Fact]
    public void The_sender_of_an_ambiguous_ok_is_asked_for_her_name_in_their_language()
    {
        Assert.Equal("Vous suivez plusieurs alertes (Camille, Lea). Repondez OK suivi de son prenom, par ex. OK Camille.",
            Disambiguation.Ask(["Camille", "Lea"], "fr"));
        Assert.StartsWith("You are following several alerts (Camille, Lea).", Disambiguation.Ask(["Camille", "Lea"], "en"),
            StringComparison.Ordinal);
    }
}
