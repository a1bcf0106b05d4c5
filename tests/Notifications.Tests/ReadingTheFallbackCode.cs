using Platform.Alerts.Contracts;
using Platform.Notifications.Api.FallbackBySms;
using System.Text;

namespace Platform.Notifications.Tests;

public sealed class ReadingTheFallbackCode
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 21, 30, 0, TimeSpan.Zero);
    private static readonly byte[] HerKey = Encoding.ASCII.GetBytes("her app's key, 32 bytes long....");
    private static readonly byte[] AnotherKey = Encoding.ASCII.GetBytes("someone else's key, 32 bytes....");

    [Fact]
    public void A_code_her_app_writes_reads_back_as_the_same_press_signed_with_her_key()
    {
        var at = new AlertLocation(45.7772214, 3.0870312, 12, Now.AddSeconds(-20));

        var (press, refusal) = SmsFallbackCode.Parse(SmsFallbackCode.For("p-8f3a21", PressPattern.LongPress, at, HerKey, 17), Now);

        Assert.Null(refusal);
        Assert.Equal(("p-8f3a21", PressPattern.LongPress, at, 17L), (press!.PressId, press.PressPattern, press.Location, press.Counter));
        Assert.True(SmsFallbackCode.IsSignedBy(press, HerKey));
        Assert.False(SmsFallbackCode.IsSignedBy(press, AnotherKey));
    }

    [Fact]
    public void A_code_whose_position_or_counter_was_changed_no_longer_matches_its_mac()
    {
        var code = SmsFallbackCode.For("p-8f3a21", PressPattern.DoubleClick, new AlertLocation(45.77722, 3.08703, 12, Now), HerKey, 4);
        var moved = code.Replace("45.77722", "45.78722", StringComparison.Ordinal);
        var recounted = code.Replace(" 4 ", " 5 ", StringComparison.Ordinal);

        Assert.False(SmsFallbackCode.IsSignedBy(SmsFallbackCode.Parse(moved, Now).Press!, HerKey));
        Assert.False(SmsFallbackCode.IsSignedBy(SmsFallbackCode.Parse(recounted, Now).Press!, HerKey));
    }

    [Theory]
    [InlineData("K1 p-1 D 45.77722,3.08703,12 1795728600 3", "malformed")]
    [InlineData("K1 p 1 D 45.77722,3.08703,12 1795728600 3 AAAAAAAAAAAAAAAA", "malformed")]
    [InlineData("K1 p-1 X 45.77722,3.08703,12 1795728600 3 AAAAAAAAAAAAAAAA", "malformed")]
    [InlineData("K1 p-1 D 95.77722,3.08703,12 1795728600 3 AAAAAAAAAAAAAAAA", "position-out-of-range")]
    [InlineData("K1 p-1 D 45.77722,3.08703,12 1700000000 3 AAAAAAAAAAAAAAAA", "stale")]
    [InlineData("K1 p-1 D 45.77722,3.08703,12 1795728600 3 AAAAAAAAAAAAAAAA; DROP TABLE", "malformed")]
    [InlineData("ALRT1 p-1 D 45.77722,3.08703,12 1795728600", "unsigned")]
    public void A_malformed_stale_or_unsigned_code_raises_nothing_and_says_why(string body, string reason)
    {
        var (press, refusal) = SmsFallbackCode.Parse(body, Now);

        Assert.Null(press);
        Assert.Equal(reason, refusal);
    }

    [Theory]
    [InlineData("K1 anything", true)]
    [InlineData("  k1 p-1", true)]
    [InlineData("ALRT1 anything", true)]
    [InlineData("K1", false)]
    [InlineData("OK", false)]
    [InlineData(null, false)]
    public void Anything_starting_with_a_prefix_is_read_as_a_code_and_nothing_else(string? body, bool looksLikeOne)
    {
        Assert.Equal(looksLikeOne, SmsFallbackCode.LooksLikeOne(body));
    }

    [Fact]
    public void The_code_fits_one_gsm_segment_and_says_nothing_of_an_alert()
    {
        var code = SmsFallbackCode.For(new string('x', 64), PressPattern.DoubleClick, new AlertLocation(-45.1234567, -123.1234567, 99999, Now),
            HerKey, 9_999_999_999);

        Assert.True(code.Length <= 160, $"{code.Length} characters");
        Assert.DoesNotContain("al", code.Split(' ')[0], StringComparison.OrdinalIgnoreCase);
    }
}
