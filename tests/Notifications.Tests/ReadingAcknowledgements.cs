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
}
