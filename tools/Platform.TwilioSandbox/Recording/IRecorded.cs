namespace Platform.TwilioSandbox.Recording;

public interface IRecorded
{
    string Sid { get; }

    /// <summary>The number it was sent to: tests filter on it, so the log indexes it.</summary>
    string To { get; }
}
