namespace Platform.Sms.Tests;

public sealed class LayingOutTheAlertSms
{
    private const string Message = "J'ai besoin d'aide, appelle la police.";
    private const string Link = "https://www.openstreetmap.org/?mlat=45.77722&mlon=3.08703#map=17/45.77722/3.08703";
    private const string WorstCaseLink = "https://www.openstreetmap.org/?mlat=-89.12345&mlon=-179.12345#map=17/-89.12345/-179.12345";
    private const string PageLink = "https://alerte.example.org/a/AbCdEfGhIjKlMnOpQrStUvWxYz0";

    [Fact]
    public void In_french_her_words_come_first_then_who_how_precise_and_where_then_her_page()
    {
        var text = AlertSmsLayout.Compose(Message, "Camille", "fr", 45.777222, 3.087031, 12.4, PageLink);

        Assert.Equal($"{Message}\nCamille a besoin d'aide. Position (précision 12 m) : {Link}\nEn direct : {PageLink}", text);
    }

    [Fact]
    public void In_english_the_added_line_reads_in_english()
    {
        var text = AlertSmsLayout.Compose(Message, "Camille", "en", 45.777222, 3.087031, 12.4, PageLink);

        Assert.Equal($"{Message}\nCamille needs help. Position (accuracy 12 m): {Link}\nLive: {PageLink}", text);
    }

    [Fact]
    public void A_language_other_than_english_reads_french()
    {
        Assert.Contains("a besoin d'aide", AlertSmsLayout.Compose(Message, "Camille", "de", 0, 0, 1, PageLink), StringComparison.Ordinal);
    }

    [Fact]
    public void The_map_link_has_5_decimals_a_decimal_point_and_keeps_the_sign()
    {
        Assert.Equal("https://www.openstreetmap.org/?mlat=-33.86882&mlon=-151.20930#map=17/-33.86882/-151.20930",
            AlertSmsLayout.MapLink(-33.8688197, -151.2092955));
    }

    [Fact]
    public void What_is_sent_is_already_transliterated_to_gsm7()
    {
        var text = AlertSmsLayout.Compose("Viens vite, ça ne va pas, je suis à la fenêtre.", "Françoise", "fr", 45.777222, 3.087031, 12.4,
            PageLink);

        Assert.Equal($"Viens vite, ca ne va pas, je suis à la fenetre.\nFrancoise a besoin d'aide. Position (précision 12 m) : {Link}\n" +
            $"En direct : {PageLink}", text);
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.EncodingOf(text));
    }

    [Theory]
    [InlineData("Françoise")]
    [InlineData("Anaïs")]
    [InlineData("Maëlle")]
    public void A_french_name_with_an_80_character_french_message_fits_in_two_sms(string name)
    {
        var message = "Je ne peux pas parler, viens vite ou appelle le 17. C’est sérieux, envoie un SMS";
        Assert.Equal(80, message.Length);

        var worstCase = AlertSmsLayout.ComposeWorstCase(message, name, "fr");

        Assert.Equal(new SmsLength(SmsEncoding.Gsm7, worstCase.Length, 2), SmsSegments.Measure(worstCase));
        Assert.True(AlertSmsLayout.RoomLeft(message, name) > 0);
    }

    [Fact]
    public void The_worst_case_line_has_the_widest_accuracy_and_the_longest_coordinates()
    {
        Assert.Equal($"Camille a besoin d'aide. Position (précision 100000 m) : {WorstCaseLink}",
            AlertSmsLayout.WorstCaseAddedLine("Camille", "fr"));
        Assert.Equal($"Camille needs help. Position (accuracy 100000 m): {WorstCaseLink}",
            AlertSmsLayout.WorstCaseAddedLine("Camille", "en"));
        Assert.Equal("Francoise", AlertSmsLayout.WorstCaseAddedLine("Françoise", "fr")[..9]);
    }

    [Fact]
    public void No_position_the_alerts_service_accepts_makes_a_longer_line_than_the_worst_case()
    {
        // The Alerts service accepts an accuracy up to 100 000 m, a latitude within ±90 and a longitude within ±180.
        var longest = AlertSmsLayout.WorstCaseAddedLine("Camille", "fr").Length;

        Assert.All(new[] { (-90.0, -180.0, 100_000.0), (90.0, 180.0, 99_999.6), (-0.000001, -0.000001, 0.0) },
            position => Assert.True(AlertSmsLayout.Compose("", "Camille", "fr", position.Item1, position.Item2, position.Item3, PageLink)
                .Split('\n')[1].Length <= longest));
    }

    [Fact]
    public void Her_message_may_fill_what_two_sms_leave_after_the_worst_case_line()
    {
        // The French worst-case line for "Camille" is 146 GSM-7 characters, the page line "En direct : " and a 60-character
        // link 72; with the two line breaks two SMS (2 × 153) leave 86.
        Assert.Equal(86 - Message.Length, AlertSmsLayout.RoomLeft(Message, "Camille"));
        Assert.Equal(0, AlertSmsLayout.RoomLeft(new string('m', 86), "Camille"));
        Assert.Equal(-1, AlertSmsLayout.RoomLeft(new string('m', 87), "Camille"));
    }

    [Fact]
    public void Room_left_is_the_least_over_the_languages_a_contact_may_read()
    {
        Assert.Equal(AlertSmsLayout.RoomLeft(Message, "Camille", "fr"), AlertSmsLayout.RoomLeft(Message, "Camille"));
        Assert.True(AlertSmsLayout.RoomLeft(Message, "Camille", "en") > AlertSmsLayout.RoomLeft(Message, "Camille", "fr"));
    }

    [Fact]
    public void Room_left_is_counted_after_transliteration()
    {
        // "œ" is sent as "oe": one character written, two sent.
        Assert.Equal(AlertSmsLayout.RoomLeft("Ma soeur.", "Camille"), AlertSmsLayout.RoomLeft("Ma sœur.", "Camille"));
    }

    [Fact]
    public void A_character_with_no_gsm7_form_leaves_no_room_in_two_sms()
    {
        // In UCS-2 two parts hold 134 units: the worst-case line alone takes more.
        Assert.True(AlertSmsLayout.RoomLeft("Viens 😀", "Camille") < 0);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public void Under_neutral_wording_the_added_line_says_only_who_and_where_and_is_never_longer(string language)
    {
        var neutral = AlertSmsLayout.Compose("Rappelle-moi vite.", "Camille", language, -89.12345, -179.12345, 100_000,
            new string('x', AlertSmsLayout.MaxPageLinkLength), neutralWording: true);
        var plain = AlertSmsLayout.ComposeWorstCase("Rappelle-moi vite.", "Camille", language);

        Assert.Equal("Rappelle-moi vite.\nCamille - https://www.openstreetmap.org/?mlat=-89.12345&mlon=-179.12345#map=17/-89.12345/-179.12345" +
            $"\n{new string('x', AlertSmsLayout.MaxPageLinkLength)}", neutral);
        Assert.DoesNotContain("aide", neutral, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("help", neutral, StringComparison.OrdinalIgnoreCase);
        Assert.True(neutral.Length < plain.Length);
    }

    [Fact]
    public void The_whole_sms_with_the_longest_page_link_and_the_longest_message_allowed_fits_in_two_sms()
    {
        var longest = new string('m', 86);

        var text = AlertSmsLayout.Compose(longest, "Camille", "fr", -89.12345, -179.12345, 100_000, new string('x', AlertSmsLayout.MaxPageLinkLength));

        Assert.Equal(AlertSmsLayout.MaxSegments, SmsSegments.Measure(text).Segments);
        Assert.StartsWith(longest + "\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_saved_under_the_older_longer_limit_is_shortened_with_an_ellipsis_never_the_position_or_the_link()
    {
        // 159 characters fitted before the page link was added.
        var saved = "Je ne peux pas parler, viens vite chez moi ou appelle le 17. C'est sérieux, ne m'appelle pas : envoie-moi un SMS. " +
                    "Merci de faire vite, je compte sur toi.";

        var text = AlertSmsLayout.Compose(saved, "Camille", "fr", -89.12345, -179.12345, 100_000, PageLink);

        Assert.True(SmsSegments.Measure(text).Segments <= AlertSmsLayout.MaxSegments);
        var lines = text.Split('\n');
        Assert.EndsWith(AlertSmsLayout.Ellipsis, lines[0], StringComparison.Ordinal);
        Assert.StartsWith(lines[0][..^AlertSmsLayout.Ellipsis.Length], saved, StringComparison.Ordinal);
        Assert.Equal(AlertSmsLayout.WorstCaseAddedLine("Camille", "fr"), lines[1]);
        Assert.Equal($"En direct : {PageLink}", lines[2]);
    }

    [Fact]
    public void Shortening_never_cuts_an_emoji_in_half()
    {
        var text = AlertSmsLayout.FitWithin("Viens 😀😀😀 vite", message => $"{message}|{new string('x', 290)}");

        Assert.Equal("Viens...|" + new string('x', 290), text);
    }
}
