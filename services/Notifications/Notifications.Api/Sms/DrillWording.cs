namespace Platform.Notifications.Api.Sms;

/// <summary>
/// A drill runs the whole real chain: every message and call says it is a test, first, so nobody rushes out for one, and
/// asks for an "OK" so the association sees whom the chain really reached.
/// </summary>
public static class DrillWording
{
    public static string Prefix(string language) => language == "en" ? "TEST (drill) - " : "TEST (exercice) - ";

    public static string ReplyRequest(string language) =>
        language == "en" ? "Reply OK to confirm receipt." : "Repondez OK pour confirmer la reception.";

    public static string Spoken(string language) => language == "en" ? "This is a test, a drill. " : "Ceci est un test, un exercice. ";
}
