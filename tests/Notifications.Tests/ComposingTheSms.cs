using Platform.Notifications.Api.Sms;
using Platform.Sms;
using static Platform.Notifications.Tests.NotificationScenarios;

namespace Platform.Notifications.Tests;

public sealed class ComposingTheSms
{
    [Fact]
    public void The_text_starts_with_her_own_words()
    {
        var text = AlertSms.Compose(Her(), Contact(1), At(), PageLink);

        Assert.StartsWith(AlertMessage + "\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_french_speaking_contact_reads_the_rest_in_french()
    {
        var text = AlertSms.Compose(Her(), Contact(1, "fr"), At(), PageLink);

        Assert.Equal($"{AlertMessage}\nCamille a besoin d'aide. Position (précision 12 m) : {AlertSms.MapLink(At())}\nEn direct : {PageLink}",
            text);
    }

    [Fact]
    public void An_english_speaking_contact_reads_the_rest_in_english_even_when_she_speaks_french()
    {
        var text = AlertSms.Compose(Her(), Contact(1, "en"), At(), PageLink);

        Assert.Equal($"{AlertMessage}\nCamille needs help. Position (accuracy 12 m): {AlertSms.MapLink(At())}\nLive: {PageLink}", text);
    }

    [Fact]
    public void Her_name_and_words_are_sent_in_the_sms_alphabet_exactly_as_the_contacts_service_counted_them()
    {
        var her = Her() with { DisplayName = "Françoise", AlertMessage = "J’ai besoin d’aide, je suis à la fenêtre." };

        var text = AlertSms.Compose(her, Contact(1, "fr"), At(), PageLink);

        Assert.Equal($"J'ai besoin d'aide, je suis à la fenetre.\nFrancoise a besoin d'aide. Position (précision 12 m) : {AlertSms.MapLink(At())}" +
            $"\nEn direct : {PageLink}", text);
        Assert.Equal(AlertSmsLayout.Compose(her.AlertMessage, her.DisplayName, "fr", At().Latitude, At().Longitude, At().AccuracyMeters,
            PageLink), text);
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.EncodingOf(text));
    }

    [Fact]
    public void The_accuracy_is_rounded_to_whole_metres()
    {
        var text = AlertSms.Compose(Her(), Contact(1, "en"), At(accuracyMeters: 12.6), PageLink);

        Assert.Contains("(accuracy 13 m)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_map_link_points_at_her_position_with_5_decimals_and_a_decimal_point()
    {
        var link = AlertSms.MapLink(At(45.7772, 3.087));

        Assert.Equal("https://www.openstreetmap.org/?mlat=45.77720&mlon=3.08700#map=17/45.77720/3.08700", link);
    }

    [Fact]
    public void Coordinates_are_rounded_to_5_decimals_and_keep_their_sign()
    {
        var link = AlertSms.MapLink(At(-33.8688197, -151.2092955));

        Assert.Equal("https://www.openstreetmap.org/?mlat=-33.86882&mlon=-151.20930#map=17/-33.86882/-151.20930", link);
    }

    [Fact]
    public void Under_her_neutral_wording_a_contact_reads_her_words_her_name_and_where_but_not_that_she_needs_help()
    {
        var text = AlertSms.Compose(Her() with { NeutralWording = true }, Contact(1, "fr"), At(), PageLink);

        Assert.StartsWith(AlertMessage, text, StringComparison.Ordinal);
        Assert.Contains("Camille - https://www.openstreetmap.org/", text, StringComparison.Ordinal);
        Assert.DoesNotContain("aide", text[AlertMessage.Length..], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Her_contacts_sms_ends_with_the_link_to_her_alert_page()
    {
        var text = AlertSms.Compose(Her(), Contact(1, "fr"), At(), PageLink);

        Assert.EndsWith($"\nEn direct : {PageLink}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_saved_under_the_older_longer_limit_is_still_sent_shortened_with_the_position_and_the_link()
    {
        var her = Her() with { AlertMessage = new string('m', 159) };

        var text = AlertSms.Compose(her, Contact(1, "fr"), At(-89.12345, -179.12345, 100_000), PageLink);

        Assert.True(SmsSegments.Measure(text).Segments <= AlertSmsLayout.MaxSegments);
        Assert.Contains("mmm...\n", text, StringComparison.Ordinal);
        Assert.Contains(AlertSms.MapLink(At(-89.12345, -179.12345)), text, StringComparison.Ordinal);
        Assert.EndsWith(PageLink, text, StringComparison.Ordinal);
    }
}
