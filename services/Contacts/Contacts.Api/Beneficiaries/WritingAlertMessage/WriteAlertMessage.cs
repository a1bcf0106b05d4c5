using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Contacts.Api.Beneficiaries.WritingAlertMessage;

/// <summary>Her own words, sent to her contacts when she presses the button.</summary>
public sealed record WriteAlertMessage(string? AlertMessage);

public static class WriteAlertMessageSlice
{
    public static (IReadOnlyList<object> Events, Dictionary<string, string[]> Errors) Decide(Beneficiary beneficiary,
        WriteAlertMessage command, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        BeneficiaryRules.RequireAlertMessage(errors, command.AlertMessage, beneficiary.DisplayName, beneficiary.NeutralWording);
        if (errors.Count > 0)
        {
            return ([], errors);
        }
        var message = command.AlertMessage!.Trim();
        return (beneficiary.AlertMessage == message ? [] : [new AlertMessageWritten(beneficiary.Id, message, now)], errors);
    }

    public static void MapWriteAlertMessage(this RouteGroupBuilder beneficiaries) =>
        beneficiaries.MapPut("/{beneficiaryId:guid}/alert-message", HandleAsync)
            .RequireHerOrAnOperator();

    private static Task<Results<Ok<BeneficiaryView>, ValidationProblem>> HandleAsync(Guid beneficiaryId, WriteAlertMessage command,
        ClaimsPrincipal user, SentPinConfirmation pin, AssociationConsentBudget budget, IDocumentStore store, TimeProvider time,
        CancellationToken cancellationToken) =>
        store.ChangeAsync(beneficiaryId, user, pin, budget, she => Decide(she, command, time.GetUtcNow()), BeneficiaryView.From, time,
            cancellationToken);
}
