namespace Platform.Sms.Tests;

public sealed class CountingSmsSegments
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    public void Gsm7_text_takes_160_characters_alone_or_153_per_part_when_split(int length, int segments)
    {
        var measured = SmsSegments.Measure(new string('a', length));

        Assert.Equal(new SmsLength(SmsEncoding.Gsm7, length, segments), measured);
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void One_character_outside_gsm7_makes_the_whole_sms_ucs2_at_70_alone_or_67_per_part(int length, int segments)
    {
        var text = "ç" + new string('a', length - 1);

        var measured = SmsSegments.Measure(text);

        Assert.Equal(new SmsLength(SmsEncoding.Ucs2, length, segments), measured);
    }

    [Theory]
    [InlineData("@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!\"#¤%&'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà")]
    [InlineData("J'ai besoin d'aide, appelle la police. Je suis à la maison, près de l'école.")]
    [InlineData("€[]{}^~|\\")]
    public void French_letters_of_the_gsm_table_and_the_extension_table_stay_gsm7(string text)
    {
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.EncodingOf(text));
    }

    [Theory]
    [InlineData("ça")]
    [InlineData("fenêtre")]
    [InlineData("sœur")]
    [InlineData("l’école")]
    [InlineData("âge")]
    [InlineData("ï")]
    [InlineData("😀")]
    public void Common_french_characters_outside_the_gsm_table_force_ucs2(string text)
    {
        Assert.Equal(SmsEncoding.Ucs2, SmsSegments.EncodingOf(text));
    }

    [Fact]
    public void Extension_characters_count_double()
    {
        Assert.Equal(new SmsLength(SmsEncoding.Gsm7, 160, 1), SmsSegments.Measure(new string('€', 80)));
        Assert.Equal(new SmsLength(SmsEncoding.Gsm7, 162, 2), SmsSegments.Measure(new string('€', 81)));
        Assert.Equal(new SmsLength(SmsEncoding.Gsm7, 18, 1), SmsSegments.Measure("[]{}^~|\\€"));
    }

    [Fact]
    public void An_extension_character_is_never_split_across_two_parts()
    {
        // 152 + 2 does not fit the first part's 153: the euro sign moves whole to the second part.
        var text = new string('a', 152) + "€" + new string('a', 10);

        Assert.Equal(2, SmsSegments.Measure(text).Segments);
        Assert.Equal(306 - (153 + 12), SmsSegments.RoomLeft(text, 2));
    }

    [Fact]
    public void A_split_that_wastes_a_septet_can_cost_a_third_part()
    {
        // 152 'a' then 77 euro signs: 306 septets would fill two parts exactly, but the first part's last septet
        // cannot hold half a euro sign and the second part's neither: the last euro sign spills into a third.
        var text = new string('a', 152) + new string('€', 77);

        Assert.Equal(306, SmsSegments.Measure(text).Units);
        Assert.Equal(3, SmsSegments.Measure(text).Segments);
        Assert.Equal(-2, SmsSegments.RoomLeft(text, 2));
    }

    [Fact]
    public void An_emoji_counts_two_ucs2_units_and_is_never_split()
    {
        var text = new string('ç', 66) + "😀" + new string('a', 5);

        var measured = SmsSegments.Measure(text);

        Assert.Equal(new SmsLength(SmsEncoding.Ucs2, 73, 2), measured);
        Assert.Equal(134 - (67 + 2 + 5), SmsSegments.RoomLeft(text, 2));
    }

    [Theory]
    [InlineData(100, 1, 60)]
    [InlineData(160, 1, 0)]
    [InlineData(161, 1, -1)]
    [InlineData(100, 2, 206)]
    [InlineData(306, 2, 0)]
    [InlineData(310, 2, -4)]
    public void Room_left_is_counted_against_the_parts_allowed(int length, int maxSegments, int roomLeft)
    {
        Assert.Equal(roomLeft, SmsSegments.RoomLeft(new string('a', length), maxSegments));
    }

    [Fact]
    public void Room_left_in_ucs2_is_counted_in_ucs2_units()
    {
        Assert.Equal(134 - 100, SmsSegments.RoomLeft(new string('ç', 100), 2));
        Assert.Equal(70 - 50, SmsSegments.RoomLeft(new string('ç', 50), 1));
    }

    [Fact]
    public void The_characters_that_force_ucs2_are_named_once_each()
    {
        Assert.Equal(["ç", "’", "😀"], SmsSegments.OutsideGsm7("ça ça l’été 😀 €"));
    }
}
