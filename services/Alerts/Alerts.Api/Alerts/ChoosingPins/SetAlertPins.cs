using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Alerts.Api.Alerts.GuardingPins;
using Platform.Alerts.Contracts;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Alerts.Api.Alerts.ChoosingPins;

/// <summary>She chooses the PIN that cancels an alert and the one that only seems to (duress).</summary>
/// <remarks>Neither PIN is ever logged, returned or published: only their salted hashes are kept.</remarks>
/// <param name="CurrentPin">Her current cancel PIN, required to change PINs already set: whoever holds her phone must not
/// be able to choose a cancel PIN of their own.</param>
public sealed record SetAlertPins(string? CancelPin, string? DuressPin, string? CurrentPin = null)
{
    public override string ToString() => "SetAlertPins(***)";
}

/// <summary>All anyone learns back: whether her PINs are set.</summary>
public sealed record AlertSettingsView(bool PinsSet);

public static class SetAlertPinsSlice
{
    public const int MinPinLength = 4;
    public const int MaxPinLength = 8;

    /// <summary>The message names the rule, never the PIN.</summary>
    public static Dictionary<string, string[]> Validate(SetAlertPins command)
    {
        var errors = new Dictionary<string, string[]>();
        ValidatePin(command.CancelPin, "cancelPin", errors);
        ValidatePin(command.DuressPin, "duressPin", errors);
        if (errors.Count == 0 && command.CancelPin == command.DuressPin)
        {
            // The same PIN for both could not tell a real cancel from a duress one.
            errors["duressPin"] = ["Must differ from the cancel PIN."];
        }
        return errors;
    }

    private static void ValidatePin(string? pin, string field, Dictionary<string, string[]> errors)
    {
        if (pin is not { Length: >= MinPinLength and <= MaxPinLength } || !pin.All(char.IsAsciiDigit))
        {
            errors[field] = [$"{MinPinLength} to {MaxPinLength} digits."];
        }
        else if (pin.All(digit => digit == pin[0]))
        {
            errors[field] = ["Not the same digit repeated: it is the first one anyone tries."];
        }
    }

    public const string WrongCurrentPinProblem = "/problems/wrong-pin";

    public static AlertPins Decide(SetAlertPins command, Guid beneficiaryId, DateTimeOffset now) =>
        new(beneficiaryId, PinHash.Of(command.CancelPin!), PinHash.Of(command.DuressPin!), now);

    /// <summary>
    /// The PINs to keep: the new ones when none were set or her current cancel PIN is given. With her duress PIN the change
    /// looks done to her phone and to every later request (the PINs it chose act as her duress PIN from then on) while her
    /// own PINs stay, and her association is told (<see cref="PinGuard.Signal"/>).
    /// </summary>
    public static AlertPins Decide(SetAlertPins command, AlertPins? current, PinMatch currentPin, Guid beneficiaryId,
        DateTimeOffset now) => (current, currentPin) switch
    {
        (null, _) or (_, PinMatch.Cancel) => Decide(command, beneficiaryId, now),
        (_, PinMatch.Duress) => current with { Shadow = new ShadowPins(PinHash.Of(command.CancelPin!), PinHash.Of(command.DuressPin!), now) },
        _ => throw ProblemException.Unprocessable(WrongCurrentPinProblem, "Your current cancel PIN is needed to change your PINs."),
    };

    public static void MapAlertSettings(this RouteGroupBuilder alerts)
    {
        alerts.MapPut("/settings", PutAsync).RequireAuthorization(PlatformAuthentication.BeneficiaryPolicy);
        alerts.MapGet("/settings", GetAsync).RequireAuthorization(PlatformAuthentication.BeneficiaryPolicy);
    }

    private static async Task<Results<NoContent, ValidationProblem>> PutAsync(SetAlertPins command, ClaimsPrincipal user,
        IDocumentStore store, PinGuard guard, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = Validate(command);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        await using var session = store.LightweightSession(user.AssociationId().ToString());
        var current = await session.LoadAsync<AlertPins>(user.SubjectId(), cancellationToken);
        // Her first PINs need none; a change spends a try of her budget like any other PIN she types.
        var match = current is null ? PinMatch.Wrong
            : await guard.CheckAsync(user, current, command.CurrentPin, PinAction.ChangingPins, cancellationToken);
        var now = time.GetUtcNow();
        session.Store(Decide(command, current, match, user.SubjectId(), now));
        if (current is not null && match == PinMatch.Duress)
        {
            // In the same commit as the shadow PINs: a real change and a duress one each write once.
            PinGuard.Signal(session, user, DuressReason.DuressPin, PinAction.ChangingPins, now);
        }
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<AlertSettingsView> GetAsync(ClaimsPrincipal user, IDocumentStore store, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(user.AssociationId().ToString());
        return new AlertSettingsView(await session.LoadAsync<AlertPins>(user.SubjectId(), cancellationToken) is not null);
    }
}
