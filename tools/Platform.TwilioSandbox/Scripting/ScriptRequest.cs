using Platform.TwilioSandbox.Calls;
using Platform.TwilioSandbox.Messages;
using Platform.TwilioSandbox.TwilioProtocol;

namespace Platform.TwilioSandbox.Scripting;

/// <summary>What a script plays: failures of the Twilio API itself, or the carrier's status callbacks after a send.</summary>
public enum ScriptKind
{
    /// <summary>"messages": answers to the next `Messages.json` requests.</summary>
    Messages,

    /// <summary>"calls": answers to the next `Calls.json` requests.</summary>
    Calls,

    /// <summary>"message-status": callbacks posted after the next message is accepted.</summary>
    MessageStatus,

    /// <summary>"call-status": callbacks posted after the next call is accepted.</summary>
    CallStatus,
}

/// <summary>One scripted answer of the Twilio API: an error, possibly late.</summary>
/// <param name="Status">400 to 599: a script only ever makes things fail.</param>
/// <param name="TwilioCode">The body's Twilio error code (21211 invalid number, 21610 unsubscribed...); 20000 + status when null.</param>
/// <param name="RetryAfterSeconds">Sets a Retry-After header, as Twilio does with some 429s and 503s.</param>
/// <param name="DelayMs">Holds the request that long before answering: longer than the client's timeout, it is a timeout.</param>
public sealed record ScriptedResponse(int Status, int? TwilioCode = null, int? RetryAfterSeconds = null, int? DelayMs = null);

/// <summary>Body of `POST /sandbox/scripts`.</summary>
/// <param name="Kind">messages, calls, message-status or call-status.</param>
/// <param name="To">The E.164 number the script waits for; null: any number.</param>
/// <param name="Responses">messages and calls: one answer per request, in order; then normal behaviour resumes.</param>
/// <param name="Statuses">message-status and call-status: the statuses posted, in this order unless <paramref name="OutOfOrder"/>.</param>
/// <param name="ErrorCode">message-status: the ErrorCode posted with "undelivered" and "failed".</param>
/// <param name="OutOfOrder">Posts the statuses in reverse.</param>
/// <param name="Duplicate">Posts each status twice.</param>
/// <param name="DelayMs">Waits this long before each post (so also between posts).</param>
/// <param name="Digits">call-status: the key pressed, posted as Digits with the last status of the list as written.</param>
public sealed record ScriptRequest(
    string? Kind,
    string? To,
    IReadOnlyList<ScriptedResponse>? Responses = null,
    IReadOnlyList<string>? Statuses = null,
    int? ErrorCode = null,
    bool? OutOfOrder = null,
    bool? Duplicate = null,
    int? DelayMs = null,
    string? Digits = null)
{
    public const int MaxDelayMs = 120_000;
    public const int MaxSteps = 1_000;

    public static readonly IReadOnlyDictionary<string, ScriptKind> Kinds = new Dictionary<string, ScriptKind>(StringComparer.Ordinal)
    {
        ["messages"] = ScriptKind.Messages,
        ["calls"] = ScriptKind.Calls,
        ["message-status"] = ScriptKind.MessageStatus,
        ["call-status"] = ScriptKind.CallStatus,
    };

    public static string NameOf(ScriptKind kind) => Kinds.First(pair => pair.Value == kind).Key;

    /// <returns>The kind, or null with the reasons in <paramref name="errors"/>.</returns>
    public ScriptKind? Validate(Dictionary<string, string[]> errors)
    {
        if (To is not null && !PhoneNumbers.IsE164(To))
        {
            errors["to"] = ["An E.164 number (+ and 7 to 15 digits), or null for any number."];
        }

        if (Kind is null || !Kinds.TryGetValue(Kind, out var kind))
        {
            errors["kind"] = [$"One of: {string.Join(", ", Kinds.Keys)}."];
            return null;
        }

        if (kind is ScriptKind.Messages or ScriptKind.Calls)
        {
            ValidateResponses(errors);
            RefuseField(errors, "statuses", Statuses is not null, kind);
            RefuseField(errors, "errorCode", ErrorCode is not null, kind);
            RefuseField(errors, "outOfOrder", OutOfOrder is not null, kind);
            RefuseField(errors, "duplicate", Duplicate is not null, kind);
            RefuseField(errors, "digits", Digits is not null, kind);
            if (DelayMs is not null)
            {
                errors["delayMs"] = ["For messages and calls, each response has its own delayMs."];
            }
        }
        else
        {
            var allowed = kind == ScriptKind.MessageStatus ? MessageStatusCallbacks.Statuses : CallStatusCallbacks.Statuses;
            if (Statuses is not { Count: > 0 and <= MaxSteps })
            {
                errors["statuses"] = [$"From 1 to {MaxSteps} statuses."];
            }
            else if (Statuses.FirstOrDefault(status => !allowed.Contains(status, StringComparer.Ordinal)) is { } unknown)
            {
                errors["statuses"] = [$"'{unknown}' is not one of: {string.Join(", ", allowed)}."];
            }

            RefuseField(errors, "responses", Responses is not null, kind);
            RefuseField(errors, "errorCode", kind == ScriptKind.CallStatus && ErrorCode is not null, kind);
            RefuseField(errors, "digits", kind == ScriptKind.MessageStatus && Digits is not null, kind);
            if (ErrorCode is <= 0)
            {
                errors["errorCode"] = ["A positive Twilio error code (30003, 30005...)."];
            }

            if (Digits is not null && (Digits.Length is 0 or > 20 || !Digits.All(key => char.IsAsciiDigit(key) || key is '*' or '#')))
            {
                errors["digits"] = ["Keys of a phone: 0-9, * and #."];
            }

            if (DelayMs is < 0 or > MaxDelayMs)
            {
                errors["delayMs"] = [$"From 0 to {MaxDelayMs}."];
            }
        }

        return errors.Count == 0 ? kind : null;
    }

    /// <summary>The posts a status script makes, in order, each with the digits it carries.</summary>
    public StatusSequence Sequence()
    {
        var written = Statuses!.Select((status, index) => new StatusStep(status, index == Statuses!.Count - 1 ? Digits : null));
        var ordered = OutOfOrder == true ? written.Reverse() : written;
        return new StatusSequence(
            [.. ordered.SelectMany(step => Duplicate == true ? new[] { step, step } : [step])],
            ErrorCode,
            TimeSpan.FromMilliseconds(DelayMs ?? 0));
    }

    private void ValidateResponses(Dictionary<string, string[]> errors)
    {
        if (Responses is not { Count: > 0 and <= MaxSteps })
        {
            errors["responses"] = [$"From 1 to {MaxSteps} responses."];
            return;
        }

        for (var i = 0; i < Responses.Count; i++)
        {
            var response = Responses[i];
            // A scripted success would have to be recorded as sent; only the real path does that.
            if (response.Status is < 400 or > 599)
            {
                errors[$"responses[{i}].status"] = ["From 400 to 599: scripts only make requests fail."];
            }

            if (response.TwilioCode is <= 0)
            {
                errors[$"responses[{i}].twilioCode"] = ["A positive Twilio error code."];
            }

            if (response.RetryAfterSeconds is < 0)
            {
                errors[$"responses[{i}].retryAfterSeconds"] = ["Zero or more seconds."];
            }

            if (response.DelayMs is < 0 or > MaxDelayMs)
            {
                errors[$"responses[{i}].delayMs"] = [$"From 0 to {MaxDelayMs}."];
            }
        }
    }

    private static void RefuseField(Dictionary<string, string[]> errors, string field, bool given, ScriptKind kind)
    {
        if (given)
        {
            errors[field] = [$"Not used by a '{NameOf(kind)}' script."];
        }
    }
}

/// <summary>One status callback a script posts; Digits only on a call's.</summary>
public sealed record StatusStep(string Status, string? Digits);

/// <summary>The callbacks a status script posts, already in posting order.</summary>
public sealed record StatusSequence(IReadOnlyList<StatusStep> Steps, int? ErrorCode, TimeSpan Delay);
