using System.Text;
using Platform.Evidence.Integrity;

namespace Platform.Evidence.Tests;

public sealed class SniffingAudioFormats
{
    [Fact]
    public void An_adts_frame_is_aac()
    {
        Assert.Equal(AudioFormat.AacAdts, AudioFormats.Sniff(SampleRecording.AdtsChunk(0)));
    }

    [Fact]
    public void An_adts_header_with_a_reserved_sampling_frequency_is_unknown()
    {
        var frame = SampleRecording.AdtsChunk(0);
        frame[2] = 0x40 | (15 << 2);

        Assert.Equal(AudioFormat.Unknown, AudioFormats.Sniff(frame));
    }

    [Fact]
    public void An_ogg_page_whose_first_packet_is_opus_head_is_ogg_opus()
    {
        Assert.Equal(AudioFormat.OggOpus, AudioFormats.Sniff(OggFirstPage("OpusHead"u8)));
    }

    [Fact]
    public void An_ogg_page_that_starts_with_opus_tags_is_not_a_recording_start()
    {
        Assert.Equal(AudioFormat.Unknown, AudioFormats.Sniff(OggFirstPage("OpusTags"u8)));
    }

    [Fact]
    public void An_ogg_vorbis_stream_is_unknown()
    {
        Assert.Equal(AudioFormat.Unknown, AudioFormats.Sniff(OggFirstPage("\u0001vorbis\0\0"u8)));
    }

    [Fact]
    public void A_wave_riff_file_is_wav()
    {
        Assert.Equal(AudioFormat.Wav, AudioFormats.Sniff(Riff("WAVE")));
    }

    [Fact]
    public void An_avi_riff_file_is_unknown()
    {
        Assert.Equal(AudioFormat.Unknown, AudioFormats.Sniff(Riff("AVI ")));
    }

    [Fact]
    public void An_id3_tag_header_is_mp3()
    {
        byte[] id3 = [.. "ID3"u8, 0x04, 0x00, 0x00, 0x00, 0x00, 0x02, 0x01, 0, 0, 0];

        Assert.Equal(AudioFormat.Mp3, AudioFormats.Sniff(id3));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFB, 0x90, 0x64 })] // MPEG-1 layer III, 128 kbit/s, 44.1 kHz
    [InlineData(new byte[] { 0xFF, 0xF3, 0x54, 0xC4 })] // MPEG-2 layer III, 40 kbit/s, 24 kHz
    public void An_mpeg_audio_frame_header_is_mp3(byte[] header)
    {
        Assert.Equal(AudioFormat.Mp3, AudioFormats.Sniff(header));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xEB, 0x90, 0x64 })] // reserved MPEG version
    [InlineData(new byte[] { 0xFF, 0xFB, 0xF0, 0x64 })] // bitrate index 15 is invalid
    [InlineData(new byte[] { 0xFF, 0xFB, 0x9C, 0x64 })] // sample rate index 3 is reserved
    [InlineData(new byte[] { 0x49, 0x44, 0x33, 0xFF })] // "ID3" cut short
    [InlineData(new byte[] { 0x52, 0x49, 0x46 })] // "RIF"
    [InlineData(new byte[0])]
    public void Near_misses_are_unknown(byte[] head)
    {
        Assert.Equal(AudioFormat.Unknown, AudioFormats.Sniff(head));
    }

    [Fact]
    public void Text_and_random_bytes_are_unknown()
    {
        var random = new byte[256];
        new Random(20261126).NextBytes(random);
        random[0] = 0x5A;

        Assert.Equal(AudioFormat.Unknown, AudioFormats.Sniff(random));
        Assert.Equal(AudioFormat.Unknown, AudioFormats.Sniff(Encoding.ASCII.GetBytes("<html><body>not audio</body></html>")));
    }

    private static byte[] Riff(string form)
    {
        byte[] riff = [.. "RIFF"u8, 0x24, 0x08, 0x00, 0x00, .. Encoding.ASCII.GetBytes(form), .. "fmt "u8, 16, 0, 0, 0];
        return riff;
    }

    private static byte[] OggFirstPage(ReadOnlySpan<byte> firstPacketStart)
    {
        var packet = new byte[19];
        firstPacketStart.CopyTo(packet);
        var page = new byte[27 + 1 + packet.Length];
        "OggS"u8.CopyTo(page);
        page[4] = 0; // stream structure version
        page[5] = 0x02; // beginning of stream
        page[26] = 1; // one segment
        page[27] = (byte)packet.Length;
        packet.CopyTo(page, 28);
        return page;
    }
}
