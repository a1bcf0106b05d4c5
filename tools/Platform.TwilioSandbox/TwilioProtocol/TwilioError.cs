using System.Globalization;

namespace Platform.TwilioSandbox.TwilioProtocol;

/// <summary>Twilio's error body; the Twilio libraries turn it into ApiException (Code, Status, MoreInfo).</summary>
public sealed record TwilioError(int Code, string Message, string MoreInfo, int Status)
{
    public static IResult Result(int status, int code, string message) =>
        Results.Json(
            new TwilioError(code, message, string.Create(CultureInfo.InvariantCulture, $"https://www.twilio.com/docs/errors/{code}"), status),
            TwilioJson.Options,
            statusCode: status);

    public static IResult BadRequest(int code, string message) => Result(StatusCodes.Status400BadRequest, code, message);
}
