namespace Platform.TwilioSandbox.Scripting;

/// <summary>
/// `/sandbox/scripts`: what the next Twilio requests answer (429, 500, 21211... possibly late), or which status
/// callbacks follow the next message or call. Without a script the sandbox behaves normally and posts nothing by itself.
/// </summary>
public static class SandboxScripts
{
    public static IResult Add(ScriptRequest request, ScriptBook scripts)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Validate(errors) is not { } kind)
        {
            return Results.ValidationProblem(errors);
        }

        var pending = kind is ScriptKind.Messages or ScriptKind.Calls
            ? scripts.Add(kind, request.To, request.Responses, sequence: null)
            : scripts.Add(kind, request.To, responses: null, request.Sequence());
        return Results.Json(pending, statusCode: StatusCodes.Status201Created);
    }

    public static IResult List(ScriptBook scripts) => Results.Ok(scripts.List());

    public static IResult Clear(ScriptBook scripts)
    {
        scripts.Clear();
        return Results.NoContent();
    }
}
