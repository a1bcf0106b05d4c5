using Platform.Alerts.Contracts;
using Platform.Notifications.Api.Sms;
using Platform.Sms;
using static Platform.Notifications.Tests.NotificationScenarios;

namespace Platform.Notifications.Tests;

public sealed class WordingDrillsAndExcuses
{
    [Theory]
    [InlineData("fr", "TEST (exercice) - ", "Repondez OK pour confirmer la reception.")]
    [InlineData("en", "TEST (drill) - ", "Reply OK to confirm receipt.")]
    public void A_drill_sms_says_test_first_then_the_alert_with_her_position_then_asks_for_an_ok(string language, string marker, string request)
    {
        var text = AlertSms.ToContact(Her(), language, At(), AlertSource.Drill, AlertResponse.FullAlert, PageLink);

        Assert.StartsWith(marker + AlertMessage + "\n", text, StringComparison.Ordinal);
        Assert.Contains(AlertSms.MapLink(At()), text, StringComparison.Ordinal);
        Assert.EndsWith("\n" + request, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public void Her_longest_allowed_message_gives_way_in_a_drill_but_the_position_stays_within_two_sms(string language)
    {
        // As long as the contacts service lets her message be for the plain alert SMS, with a name that needs transliterating.
        var her = Her() with { DisplayName = "Françoise" };
        var longest = her with { AlertMessage = new string('a', AlertMessage.Length + AlertSmsLayout.RoomLeft(AlertMessage, her.DisplayName)) };
        Assert.Equal(0, AlertSmsLayout.RoomLeft(longest.AlertMessage, longest.DisplayName));

        var text = AlertSms.ToContact(longest, language, At(-89.12345, -179.12345, 100_000), AlertSource.Drill, AlertResponse.FullAlert,
            PageLink);

        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.EncodingOf(text));
        Assert.True(SmsSegments.Measure(text).Segments <= AlertSmsLayout.MaxSegments);
        Assert.Contains("aaa...\n", text, StringComparison.Ordinal);
        Assert.Contains(AlertSms.MapLink(At(-89.12345, -179.12345)), text, StringComparison.Ordinal);
        Assert.Contains(PageLink, text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_drill_sms_under_neutral_wording_still_says_nothing_of_help()
    {
        var text = AlertSms.ToContact(Her() with { NeutralWording = true }, "fr", At(), AlertSource.Drill, AlertResponse.FullAlert, PageLink);

        Assert.StartsWith("TEST (exercice) - ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("aide", text[("TEST (exercice) - " + AlertMessage).Length..], StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("fr", false, "Francoise aimerait que tu l'appelles maintenant, avec une excuse pour qu'elle puisse partir.")]
    [InlineData("fr", true, "Francoise aimerait que tu l'appelles maintenant.")]
    [InlineData("en", false, "Francoise would like you to call her now, with an excuse so she can leave.")]
    [InlineData("en", true, "Francoise would like you to call her now.")]
    public void An_excuse_request_is_one_discreet_sms_with_no_position_and_no_word_of_alert(string language, bool neutral, string expected)
    {
        var her = Her() with { DisplayName = "Françoise", NeutralWording = neutral };

        var text = AlertSms.ToContact(her, language, At(), AlertSource.Button, AlertResponse.CallMeWithAnExcuse, pageLink: null);

        Assert.Equal(expected, text);
        Assert.Equal(new SmsLength(SmsEncoding.Gsm7, text.Length, 1), SmsSegments.Measure(text));
        foreach (var revealing in new[] { "alert", "danger", "violence", "aide", "help", "openstreetmap", AlertMessage })
        {
            Assert.DoesNotContain(revealing, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void An_excuse_request_in_a_drill_is_marked_as_a_test()
    {
        Assert.Equal("TEST (exercice) - Camille aimerait que tu l'appelles maintenant.",
            AlertSms.ToContact(Her() with { NeutralWording = true }, "fr", At(), AlertSource.Drill, AlertResponse.CallMeWithAnExcuse, pageLink: null));
    }
}
