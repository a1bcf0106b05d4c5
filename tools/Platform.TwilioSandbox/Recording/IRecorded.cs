namespace Platform.TwilioSandbox.Recording;

public interface IRecorded
{
    string Sid { get; }
}
