using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using System.Security.Claims;

namespace Platform.Contacts.Api.Beneficiaries.WritingAlertMessage;

/// <summary>Her own words, sent to her contacts when she presses the button.</summary>
public sealed record WriteAlertMessage(string? AlertMessage);

public static class WriteAlertMessageSlice
{
    public static void MapWriteAlertMessage(this RouteGroupBuilder beneficiaries) =>
        beneficiaries.MapPut("/{beneficiaryId:guid}/alert-message", HandleAsync)
            .RequireAuthorization(policy => policy.RequireRole(PlatformRoles.Operator, PlatformRoles.Beneficiary)
                .RequireClaim(PlatformClaims.AssociationId));

    private static async Task<Results<Ok<BeneficiaryView>, ValidationProblem>> HandleAsync(Guid beneficiaryId,
        WriteAlertMessage command, ClaimsPrincipal user, IDocumentStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        BeneficiaryRules.RequireAlertMessage(errors, command.AlertMessage);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        return await ConcurrentWrites.RetryAsync(async () =>
        {
            await using var session = store.OpenTracedSession();
            var stream = await session.LoadVisibleAsync(beneficiaryId, user, cancellationToken);
            object[] events = stream.State!.AlertMessage == command.AlertMessage!.Trim()
                ? []
                : [new AlertMessageWritten(beneficiaryId, command.AlertMessage.Trim(), time.GetUtcNow())];
            session.AppendAfter(beneficiaryId, stream, events);
            await session.SaveChangesAsync(cancellationToken);
            return TypedResults.Ok(BeneficiaryView.From(events.Aggregate((Beneficiary?)stream.State, BeneficiaryEvolution.Evolve)!));
        });
    }
}
