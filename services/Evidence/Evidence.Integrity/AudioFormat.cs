namespace Platform.Evidence.Integrity;

public enum AudioFormat
{
    Unknown,
    AacAdts,
    OggOpus,
    Mp3,
    Wav,
}

public static class AudioFormats
{
    public static string WireName(this AudioFormat format) => format switch
    {
        AudioFormat.AacAdts => "aac-adts",
        AudioFormat.OggOpus => "ogg-opus",
        AudioFormat.Mp3 => "mp3",
        AudioFormat.Wav => "wav",
        _ => "unknown",
    };

    public static AudioFormat FromWireName(string name) => name switch
    {
        "aac-adts" => AudioFormat.AacAdts,
        "ogg-opus" => AudioFormat.OggOpus,
        "mp3" => AudioFormat.Mp3,
        "wav" => AudioFormat.Wav,
        "unknown" => AudioFormat.Unknown,
        _ => throw new FormatException($"unknown audio format '{name}'"),
    };

    public static string FileExtension(this AudioFormat format) => format switch
    {
        AudioFormat.AacAdts => "aac",
        AudioFormat.OggOpus => "opus",
        AudioFormat.Mp3 => "mp3",
        AudioFormat.Wav => "wav",
        _ => "bin",
    };

    /// <summary>
    /// Decides the format from the first bytes of the first chunk. The client's Content-Type is never trusted:
    /// a court exhibit labelled with the wrong format is one more thing the defence can attack.
    /// </summary>
    public static AudioFormat Sniff(ReadOnlySpan<byte> head)
    {
        if (IsWav(head))
        {
            return AudioFormat.Wav;
        }
        if (IsOggOpus(head))
        {
            return AudioFormat.OggOpus;
        }
        if (IsAdts(head))
        {
            return AudioFormat.AacAdts;
        }
        if (IsId3Tag(head) || IsMpegAudioFrame(head))
        {
            return AudioFormat.Mp3;
        }
        return AudioFormat.Unknown;
    }

    private static bool IsWav(ReadOnlySpan<byte> head) =>
        head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8);

    private static bool IsOggOpus(ReadOnlySpan<byte> head)
    {
        const int SegmentTableOffset = 27;
        const byte BeginningOfStream = 0x02;
        if (head.Length < SegmentTableOffset || !head[..4].SequenceEqual("OggS"u8) || head[4] != 0)
        {
            return false;
        }
        if ((head[5] & BeginningOfStream) == 0)
        {
            return false;
        }
        var firstPacket = SegmentTableOffset + head[26];
        return head.Length >= firstPacket + 8 && head.Slice(firstPacket, 8).SequenceEqual("OpusHead"u8);
    }

    // ADTS: 12-bit sync 0xFFF, then MPEG version, then layer bits that are always 00 for AAC.
    private static bool IsAdts(ReadOnlySpan<byte> head)
    {
        if (head.Length < 7 || head[0] != 0xFF || (head[1] & 0xF6) != 0xF0)
        {
            return false;
        }
        var samplingFrequencyIndex = (head[2] >> 2) & 0x0F;
        var frameLength = ((head[3] & 0x03) << 11) | (head[4] << 3) | (head[5] >> 5);
        return samplingFrequencyIndex <= 12 && frameLength >= 7;
    }

    private static bool IsId3Tag(ReadOnlySpan<byte> head) =>
        head.Length >= 10
        && head[..3].SequenceEqual("ID3"u8)
        && head[3] is >= 2 and <= 4
        && head[4] != 0xFF
        && (head[6] | head[7] | head[8] | head[9]) < 0x80;

    // MPEG audio frame: 11-bit sync 0xFFE; version, layer, bitrate and sample rate must not be the reserved values.
    private static bool IsMpegAudioFrame(ReadOnlySpan<byte> head)
    {
        if (head.Length < 4 || head[0] != 0xFF || (head[1] & 0xE0) != 0xE0)
        {
            return false;
        }
        var version = (head[1] >> 3) & 0x03;
        var layer = (head[1] >> 1) & 0x03;
        var bitrateIndex = head[2] >> 4;
        var sampleRateIndex = (head[2] >> 2) & 0x03;
        return version != 0b01 && layer != 0b00 && bitrateIndex is not (0 or 0x0F) && sampleRateIndex != 0b11;
    }
}
