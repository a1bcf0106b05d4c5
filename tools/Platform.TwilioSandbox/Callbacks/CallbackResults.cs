namespace Platform.TwilioSandbox.Callbacks;

/// <summary>Answer of a status change: what the platform's callback endpoint replied.</summary>
public sealed record CallbackDelivered(string Sid, string Status, int CallbackStatusCode);

/// <summary>What came of posting one status, whether a test asked for it or a script played it.</summary>
public enum StatusPostOutcome
{
    Delivered,
    UnknownSid,
    NoStatusCallback,
    Unreachable,
}

/// <param name="CallbackStatusCode">The receiver's HTTP status when <see cref="StatusPostOutcome.Delivered"/>.</param>
public sealed record StatusPosted(StatusPostOutcome Outcome, int? CallbackStatusCode = null);

public static class CallbackResults
{
    public static IResult UnknownStatus(string status, IEnumerable<string> allowed) =>
        Results.ValidationProblem(new Dictionary<string, string[]>
        {
            ["status"] = [$"'{status}' is not one of: {string.Join(", ", allowed)}."],
        });

    public static IResult NoStatusCallback(string sid) =>
        Results.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "No StatusCallback was given when this was created, so there is nowhere to post.",
            extensions: new Dictionary<string, object?> { ["sid"] = sid });

    public static IResult Unreachable(string sid) =>
        Results.Problem(
            statusCode: StatusCodes.Status502BadGateway,
            title: "The StatusCallback URL did not answer.",
            extensions: new Dictionary<string, object?> { ["sid"] = sid });

    public static IResult Delivered(string sid, string status, int callbackStatusCode) =>
        Results.Json(new CallbackDelivered(sid, status, callbackStatusCode), statusCode: StatusCodes.Status202Accepted);

    /// <summary>The answer to a test that asked for one status change.</summary>
    public static IResult Of(StatusPosted posted, string sid, string status) => posted.Outcome switch
    {
        StatusPostOutcome.Delivered => Delivered(sid, status, posted.CallbackStatusCode!.Value),
        StatusPostOutcome.NoStatusCallback => NoStatusCallback(sid),
        StatusPostOutcome.Unreachable => Unreachable(sid),
        _ => Results.NotFound(),
    };
}
