using Platform.TwilioSandbox.Messages;

namespace TwilioSandbox.Tests;

public sealed class SmsSegmentsTests
{
    [Theory]
    [InlineData('a', 160, 1)]
    [InlineData('a', 161, 2)]
    [InlineData('a', 306, 2)]
    [InlineData('a', 307, 3)]
    [InlineData('€', 80, 1)]
    [InlineData('€', 81, 2)]
    [InlineData('ж', 70, 1)]
    [InlineData('ж', 71, 2)]
    [InlineData('ж', 134, 2)]
    [InlineData('ж', 135, 3)]
    public void Segments_follow_gsm7_and_ucs2_limits(char character, int length, int segments) =>
        Assert.Equal(segments, SmsSegments.Count(new string(character, length)));

    [Fact]
    public void One_character_outside_gsm7_turns_the_whole_body_into_ucs2() =>
        Assert.Equal(2, SmsSegments.Count(new string('a', 70) + "🙂"));
}
