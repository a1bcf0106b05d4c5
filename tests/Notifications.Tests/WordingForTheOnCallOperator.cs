using Platform.Alerts.Contracts;
using Platform.Notifications.Api.Calls;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Api.Sms;
using Platform.Sms;
using static Platform.Notifications.Tests.NotificationScenarios;

namespace Platform.Notifications.Tests;

public sealed class WordingForTheOnCallOperator
{
    private static readonly Recipient Nadia = new(Guid.NewGuid(), ResponderKind.OnCallOperator, "Nadia", "+33700000000", "fr");

    [Fact]
    public void The_operator_reads_whose_alert_which_step_and_her_last_position()
    {
        var text = AlertSms.For(Sms(step: 3, priority: false), Her() with { DisplayName = "Françoise" }, Nadia, pageLink: null);

        Assert.Equal("Alerte de Francoise, bénéficiaire de l'association. Étape 3. Dernière position (précision 12 m) : " +
            $"{AlertSms.MapLink(At())}\nRépondez OK si vous intervenez.", text);
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.EncodingOf(text));
        Assert.True(SmsSegments.Measure(text).Segments <= AlertSmsLayout.MaxSegments);
    }

    [Fact]
    public void A_duress_comes_first_for_the_operator()
    {
        var text = AlertSms.For(Sms(step: 2, priority: true), Her(), Nadia, pageLink: null);

        Assert.StartsWith("PRIORITAIRE - contrainte possible : Alerte de Camille", text, StringComparison.Ordinal);
        Assert.StartsWith("Alerte prioritaire, contrainte possible.", CallScript.ToOperator("Camille", 2, priority: true, drill: false),
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_regions_fallback_reads_first_that_her_association_did_not_answer_and_fits_in_gsm_7()
    {
        var fallback = Nadia with { RegionFallback = true };

        var text = AlertSms.For(Sms(step: 9, priority: false), Her() with { DisplayName = "Françoise" }, fallback, pageLink: null);

        Assert.StartsWith("SANS REPONSE de son association - Alerte de Francoise", text, StringComparison.Ordinal);
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.EncodingOf(text));
        Assert.StartsWith("Alerte sans réponse de son association. Alerte de Camille",
            CallScript.ToOperator("Camille", 9, priority: false, drill: false, regionFallback: true), StringComparison.Ordinal);
    }

    [Fact]
    public void A_gap_in_the_roster_is_told_on_the_associations_wall_clock_in_gsm_7()
    {
        // Tuesday 8 December 2026, 01:00 to 06:30 in Paris.
        var gap = new Platform.Contacts.Contracts.RosterGapAhead(Guid.NewGuid(), Now, Guid.NewGuid(),
            new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 8, 5, 30, 0, TimeSpan.Zero), "Europe/Paris");

        var text = GsmTransliteration.Transliterate(Platform.Notifications.Api.WatchingTheRoster.RosterGapAheadConsumer.Wording(gap, region: false));

        Assert.Contains("du mar. 8/12 01:00 au mar. 8/12 06:30 (Europe/Paris)", text, StringComparison.Ordinal);
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.EncodingOf(text));
    }

    [Fact]
    public void An_operator_is_still_told_when_her_contacts_are_not_known_here()
    {
        var text = AlertSms.For(Sms(step: 3, priority: false), her: null, Nadia, pageLink: null);

        Assert.StartsWith("Alerte d'une bénéficiaire de l'association. Étape 3.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_drill_is_marked_as_a_test_before_anything_else_for_the_operator_too()
    {
        var text = AlertSms.For(Sms(step: 3, priority: true) with { Source = AlertSource.Drill }, Her(), Nadia, pageLink: null);

        Assert.StartsWith("TEST (exercice) - PRIORITAIRE", text, StringComparison.Ordinal);
        Assert.EndsWith("Repondez OK pour confirmer la reception.", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr", false)]
    [InlineData("fr", true)]
    [InlineData("en", false)]
    [InlineData("en", true)]
    public void Her_contacts_never_read_or_hear_of_a_duress(string language, bool neutral)
    {
        var her = Her() with { NeutralWording = neutral };
        var sister = new Recipient(Guid.NewGuid(), ResponderKind.Contact, "Sophie", "+33612345678", language);
        var duress = Sms(step: 3, priority: true);
        var call = new DispatchCall(AlertId, Association, Beneficiary, sister.Id, ResponderKind.Contact, 3, At(), Priority: true, AlertSource.Button);

        var texts = new[]
        {
            AlertSms.For(duress, her, sister, PageLink),
            AlertSms.For(duress with { Priority = false }, her, sister, PageLink),
            CallScript.For(call, her, sister, new Uri("https://gateway.example/callbacks/twilio/voice")),
        };

        Assert.Equal(texts[1], texts[0]);
        foreach (var text in texts)
        {
            foreach (var revealing in new[] { "priorit", "contrainte", "duress", "PIN", "forc" })
            {
                Assert.DoesNotContain(revealing, text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public void The_association_is_told_who_acknowledged_for_whom()
    {
        Assert.Equal("Sophie (contact) a confirmé intervenir pour l'alerte de Francoise.",
            OperatorSms.Acknowledged("Françoise", "Sophie", ResponderKind.Contact, drill: false));
        Assert.Equal("TEST (exercice) - Nadia (permanence) a confirmé intervenir pour l'alerte de Camille.",
            OperatorSms.Acknowledged("Camille", "Nadia", ResponderKind.OnCallOperator, drill: true));
    }

    private static DispatchSms Sms(int step, bool priority) =>
        new(AlertId, Association, Beneficiary, Nadia.Id, step, At(), ResponderKind.OnCallOperator, priority);
}
