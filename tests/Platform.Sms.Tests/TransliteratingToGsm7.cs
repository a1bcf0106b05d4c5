namespace Platform.Sms.Tests;

public sealed class TransliteratingToGsm7
{
    [Theory]
    [InlineData("ç", "c")]
    [InlineData("â", "a")]
    [InlineData("ê", "e")]
    [InlineData("ë", "e")]
    [InlineData("î", "i")]
    [InlineData("ï", "i")]
    [InlineData("ô", "o")]
    [InlineData("û", "u")]
    [InlineData("ÿ", "y")]
    [InlineData("œ", "oe")]
    [InlineData("Œ", "OE")]
    [InlineData("À", "A")]
    [InlineData("Â", "A")]
    [InlineData("Ê", "E")]
    [InlineData("Ë", "E")]
    [InlineData("Î", "I")]
    [InlineData("Ï", "I")]
    [InlineData("Ô", "O")]
    [InlineData("Û", "U")]
    [InlineData("Ÿ", "Y")]
    [InlineData("\u2018", "'")]
    [InlineData("\u2019", "'")]
    [InlineData("\u201A", "'")]
    [InlineData("\u201B", "'")]
    [InlineData("\u201C", "\"")]
    [InlineData("\u201D", "\"")]
    [InlineData("\u201E", "\"")]
    [InlineData("«", "\"")]
    [InlineData("»", "\"")]
    [InlineData("\u2013", "-")]
    [InlineData("\u2014", "-")]
    [InlineData("\u2026", "...")]
    [InlineData("\u00A0", " ")]
    [InlineData("\u202F", " ")]
    public void A_character_outside_gsm7_becomes_its_closest_gsm7_form(string character, string gsm7)
    {
        Assert.Equal(gsm7, GsmTransliteration.Transliterate(character));
        Assert.Equal(SmsEncoding.Ucs2, SmsSegments.EncodingOf(character));
    }

    [Theory]
    [InlineData("é")]
    [InlineData("è")]
    [InlineData("ù")]
    [InlineData("à")]
    [InlineData("ì")]
    [InlineData("ò")]
    [InlineData("Ç")]
    [InlineData("É")]
    [InlineData("ä")]
    [InlineData("ö")]
    [InlineData("ü")]
    [InlineData("ñ")]
    [InlineData("Ä")]
    [InlineData("Ö")]
    [InlineData("Ü")]
    [InlineData("Ñ")]
    [InlineData("æ")]
    [InlineData("Æ")]
    [InlineData("ß")]
    [InlineData("€[]{}^~|\\")]
    [InlineData("J'ai besoin d'aide, appelle la police. Je suis à la maison, près de l'école.")]
    public void Gsm7_characters_are_left_untouched(string text)
    {
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.EncodingOf(text));
        Assert.Equal(text, GsmTransliteration.Transliterate(text));
    }

    [Fact]
    public void Every_replacement_is_for_a_character_outside_gsm7_and_is_itself_gsm7()
    {
        Assert.All(GsmTransliteration.Replacements, replacement =>
        {
            Assert.False(SmsSegments.IsGsm7(replacement.Key), $"'{replacement.Key}' is already GSM-7");
            Assert.Equal(SmsEncoding.Gsm7, SmsSegments.EncodingOf(replacement.Value));
        });
    }

    [Fact]
    public void French_names_and_words_outside_gsm7_become_gsm7()
    {
        var text = GsmTransliteration.Transliterate("Françoise, Anaïs, Maëlle : ma sœur est à la fenêtre, l’âge « ça va » – bientôt…");

        Assert.Equal("Francoise, Anais, Maelle : ma soeur est à la fenetre, l'age \" ca va \" - bientot...", text);
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.EncodingOf(text));
    }

    [Theory]
    [InlineData("Viens 😀")]
    [InlineData("Привет")]
    [InlineData("مساعدة")]
    public void Characters_with_no_gsm7_form_are_kept_and_the_sms_stays_ucs2(string text)
    {
        var transliterated = GsmTransliteration.Transliterate(text);

        Assert.Equal(text, transliterated);
        Assert.Equal(SmsEncoding.Ucs2, SmsSegments.EncodingOf(transliterated));
    }

    [Fact]
    public void Only_the_characters_with_a_gsm7_form_are_replaced_when_others_remain()
    {
        Assert.Equal("ca 😀 l'ete", GsmTransliteration.Transliterate("ça 😀 l’ete"));
    }
}
