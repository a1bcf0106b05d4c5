namespace Platform.TwilioSandbox.Callbacks;

/// <summary>Answer of a status change: what the platform's callback endpoint replied.</summary>
public sealed record CallbackDelivered(string Sid, string Status, int CallbackStatusCode);

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
}
