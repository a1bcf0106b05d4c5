using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Alerts.Api.Alerts.Cancelling;
using Platform.Alerts.Api.Alerts.GuardingPins;
using Platform.Alerts.Contracts;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Alerts.Api.Alerts.ConfirmingWithHerPin;

/// <summary>Her PIN, for an action of hers that another service carries out (removing a contact, erasing her evidence...).</summary>
public sealed record ConfirmWithPin(string? Pin, ProtectedAction? Action)
{
    public override string ToString() => $"ConfirmWithPin(***, {Action})";
}

/// <param name="Confirmation">To send back in the Pin-Confirmation header of the action itself.</param>
public sealed record PinConfirmationIssued(string Confirmation, DateTimeOffset ExpiresAt);

/// <summary>
/// Her PINs live here, so actions other services guard are confirmed here, within her one PIN budget. Her duress PIN gets a
/// confirmation her phone cannot tell from a real one: the service that reads it only pretends to act, and her association
/// is told now, in this commit.
/// </summary>
public static class IssuePinConfirmationSlice
{
    /// <summary>What her association reads the PIN was typed for.</summary>
    public static PinAction PinActionOf(ProtectedAction action) => action switch
    {
        ProtectedAction.AddingAContact => PinAction.AddingAContact,
        ProtectedAction.RemovingAContact => PinAction.RemovingAContact,
        ProtectedAction.ChangingAContactsPhone => PinAction.ChangingAContactsPhone,
        ProtectedAction.ChangingHerPhone => PinAction.ChangingHerPhone,
        _ => PinAction.ErasingHerEvidence,
    };

    public static Dictionary<string, string[]> Validate(ConfirmWithPin command)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(command.Pin))
        {
            errors["pin"] = ["Her cancel PIN."];
        }
        if (command.Action is not { } action || !Enum.IsDefined(action))
        {
            errors["action"] = [$"One of: {string.Join(", ", Enum.GetValues<ProtectedAction>().Select(PinConfirmations.JsonNamingPolicyName))}."];
        }
        return errors;
    }

    public static void MapPinConfirmations(this RouteGroupBuilder alerts) =>
        alerts.MapPost("/pin-confirmations", HandleAsync).RequireAuthorization(PlatformAuthentication.BeneficiaryPolicy);

    private static async Task<Results<Ok<PinConfirmationIssued>, ValidationProblem, ProblemHttpResult>> HandleAsync(ConfirmWithPin command,
        ClaimsPrincipal user, IDocumentStore store, PinGuard guard, PinConfirmations confirmations, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = Validate(command);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        var action = command.Action!.Value;
        var match = await guard.CheckAsync(user, command.Pin, PinActionOf(action), cancellationToken);
        if (match == PinMatch.Wrong)
        {
            return TypedResults.Problem(type: CancelAlertSlice.WrongPinProblem, statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "This PIN is not right.");
        }
        var now = time.GetUtcNow();
        await using var session = store.LightweightSession(user.AssociationId().ToString());
        // One append either way, so her PIN and her duress PIN cost the same time to answer.
        session.Events.Append(HerDuressSignalled.StreamIdFor(user.SubjectId()), match == PinMatch.Duress
            ? new HerDuressSignalled(user.SubjectId(), user.AssociationId(), DuressReason.DuressPin, PinActionOf(action), now)
            : new HerPinConfirmedAnAction(user.SubjectId(), action, now));
        await session.SaveChangesAsync(cancellationToken);
        var (token, expiresAt) = confirmations.Issue(user.SubjectId(), action, duress: match == PinMatch.Duress);
        return TypedResults.Ok(new PinConfirmationIssued(token, expiresAt));
    }
}

/// <summary>Her real PIN confirmed an action (kept beside the duress signals: together they are what her PIN confirmed).</summary>
public sealed record HerPinConfirmedAnAction(Guid BeneficiaryId, ProtectedAction Action, DateTimeOffset At);
