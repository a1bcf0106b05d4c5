using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using System.Text.RegularExpressions;

namespace Platform.Devices.Api.Associations.Registering;

/// <summary>A region admin makes an association known to the fleet, under the short code its import files use.</summary>
public sealed record RegisterAssociation(string? Code, string? Name);

public static partial class RegisterAssociationSlice
{
    public const string CodeTakenProblem = "/problems/association-code-taken";

    public static Dictionary<string, string[]> Validate(RegisterAssociation command)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(command.Code) || !CodeFormat().IsMatch(command.Code.Trim()))
        {
            errors["code"] = ["A code is 2 to 30 letters, digits or dashes (e.g. CIDFF-69)."];
        }
        if (string.IsNullOrWhiteSpace(command.Name) || command.Name.Trim().Length > 200)
        {
            errors["name"] = ["A name of at most 200 characters is required."];
        }
        return errors;
    }

    public static string NormalizeCode(string code) => code.Trim().ToUpperInvariant();

    /// <param name="existing">The association under this id, if registered.</param>
    /// <param name="holderOfCode">Whoever holds the code now, if anyone.</param>
    /// <returns>The association to store, or null when nothing changes.</returns>
    public static Association? Decide(Guid associationId, RegisterAssociation command, Association? existing, Association? holderOfCode)
    {
        var registered = new Association(associationId, NormalizeCode(command.Code!), command.Name!.Trim());
        if (holderOfCode is not null && holderOfCode.Id != associationId)
        {
            throw ProblemException.Conflict(CodeTakenProblem, "Another association already has this code.");
        }
        return registered == existing ? null : registered;
    }

    public static void MapRegisterAssociation(this RouteGroupBuilder devices) =>
        devices.MapPut("/associations/{associationId:guid}", HandleAsync).RequireAuthorization(PlatformAuthentication.AdminPolicy);

    private static async Task<Results<Created<Association>, Ok<Association>, ValidationProblem>> HandleAsync(Guid associationId,
        RegisterAssociation command, IDocumentStore store, CancellationToken cancellationToken)
    {
        var errors = Validate(command);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        var code = NormalizeCode(command.Code!);
        await using var session = store.LightweightSession();
        var existing = await session.LoadAsync<Association>(associationId, cancellationToken);
        var holder = await session.Query<Association>().FirstOrDefaultAsync(a => a.Code == code, cancellationToken);
        var registered = Decide(associationId, command, existing, holder);
        if (registered is null)
        {
            return TypedResults.Ok(existing!);
        }
        session.Store(registered);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception race) when (IsUniqueViolation(race))
        {
            // Another admin took the code between our read and our write: the unique index decides.
            throw ProblemException.Conflict(CodeTakenProblem, "Another association already has this code.");
        }
        return existing is null
            ? TypedResults.Created($"/api/devices/associations/{associationId}", registered)
            : TypedResults.Ok(registered);
    }

    private static bool IsUniqueViolation(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return true;
            }
        }
        return false;
    }

    [GeneratedRegex("^[A-Za-z0-9-]{2,30}$")]
    private static partial Regex CodeFormat();
}
