using Platform.Alerts.Contracts;
using Platform.Notifications.Api.FallbackBySms;

namespace Platform.Notifications.Tests;

public sealed class ReadingTheFallbackCode
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 21, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_code_her_app_writes_reads_back_as_the_same_press()
    {
        var at = new AlertLocation(45.7772214, 3.0870312, 12, Now.AddSeconds(-20));

        var (press, refusal) = SmsFallbackCode.Parse(SmsFallbackCode.For("p-8f3a21", PressPattern.LongPress, at), Now);

        Assert.Null(refusal);
        Assert.Equal(new FallbackPress("p-8f3a21", PressPattern.LongPress, at), press);
    }

    [Theory]
    [InlineData("ALRT1 p-1 D 45.77722,3.08703,12", "malformed")]
    [InlineData("ALRT1 p 1 D 45.77722,3.08703,12 1795728600", "malformed")]
    [InlineData("ALRT1 p-1 X 45.77722,3.08703,12 1795728600", "malformed")]
    [InlineData("ALRT1 p-1 D 95.77722,3.08703,12 1795728600", "position-out-of-range")]
    [InlineData("ALRT1 p-1 D 45.77722,3.08703,12 1700000000", "stale")]
    [InlineData("ALRT1 p-1 D 45.77722,3.08703,12 1795728600; DROP TABLE", "malformed")]
    public void A_malformed_or_stale_code_raises_nothing_and_says_why(string body, string reason)
    {
        var (press, refusal) = SmsFallbackCode.Parse(body, Now);

        Assert.Null(press);
        Assert.Equal(reason, refusal);
    }

    [Theory]
    [InlineData("ALRT1 anything", true)]
    [InlineData("  alrt1 p-1", true)]
    [InlineData("OK", false)]
    [InlineData(null, false)]
    public void Anything_starting_with_the_prefix_is_read_as_a_code_and_nothing_else(string? body, bool looksLikeOne)
    {
        Assert.Equal(looksLikeOne, SmsFallbackCode.LooksLikeOne(body));
    }

    [Fact]
    public void The_code_fits_one_gsm_segment()
    {
        var code = SmsFallbackCode.For(new string('x', 64), PressPattern.DoubleClick, new AlertLocation(-45.1234567, -123.1234567, 99999, Now));

        Assert.True(code.Length <= 160, $"{code.Length} characters");
    }
}
