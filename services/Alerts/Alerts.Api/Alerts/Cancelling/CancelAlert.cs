using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Alerts.Api.Alerts.GuardingPins;
using Platform.Alerts.Api.Alerts.Escalating;
using Platform.Alerts.Api.Alerts.Listing;
using Platform.Alerts.Contracts;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Scheduling;
using System.Security.Claims;

namespace Platform.Alerts.Api.Alerts.Cancelling;

/// <summary>She (or whoever holds her phone) cancels the alert with a PIN.</summary>
public sealed record CancelAlert(string? Pin)
{
    public override string ToString() => "CancelAlert(***)";
}

/// <summary>The one answer a cancel, a duress and any cancel after the escalation all give: nothing tells them apart.</summary>
public sealed record AlertCancellation(Guid AlertId, AlertStatus Status);

/// <param name="MaxWrongPins">Wrong PINs on one alert before it is escalated to her association.</param>
public sealed record CancellingSettings(int MaxWrongPins)
{
    public static readonly CancellingSettings Default = new(3);
}


public abstract record CancelDecision(IReadOnlyList<object> Events)
{
    /// <summary>Answered exactly as a real cancel, whatever was really recorded.</summary>
    public sealed record LooksCancelled(IReadOnlyList<object> Events) : CancelDecision(Events);

    public sealed record WrongPin(IReadOnlyList<object> Events, int TriesLeft) : CancelDecision(Events);
}

public static class CancelAlertSlice
{
    public const string WrongPinProblem = "/problems/wrong-pin";
    public const string NoPinSetProblem = PinGuard.NoPinSetProblem;

    /// <summary>
    /// A cancel ends the alert; a duress PIN only looks like one to her phone while the alert goes on and her association is
    /// told; wrong PINs escalate, never lock. Once the alert looks over to her phone, every later cancel looks the same.
    /// </summary>
    public static CancelDecision Decide(Alert? alert, Guid beneficiaryId, PinMatch match, int maxWrongPins, DateTimeOffset now)
    {
        if (alert is null || alert.BeneficiaryId != beneficiaryId)
        {
            throw ProblemException.NotFound("The alert");
        }
        if (alert.Status != AlertStatus.Triggered || alert.CancelShownAt is not null)
        {
            return new CancelDecision.LooksCancelled([]);
        }
        if (alert.WrongPinsExceeded)
        {
            // Whoever kept guessing may hold her phone: it is told the alert is over, the association keeps it on.
            var reason = match == PinMatch.Duress ? DuressReason.DuressPin : DuressReason.WrongPinsExceeded;
            return new CancelDecision.LooksCancelled([new AlertDuressSignalled(alert.Id, alert.AssociationId, reason, now)]);
        }
        if (alert.Duress && match != PinMatch.Wrong)
        {
            // Her duress PIN already reached the association (at her safety timer): whatever PIN she is made to type now,
            // the alert only looks cancelled, and only the association ends it.
            return new CancelDecision.LooksCancelled([new AlertDuressSignalled(alert.Id, alert.AssociationId, DuressReason.DuressPin, now)]);
        }
        switch (match)
        {
            case PinMatch.Cancel:
                return new CancelDecision.LooksCancelled([new AlertCancelled(alert.Id, alert.AssociationId, alert.BeneficiaryId, now)]);
            case PinMatch.Duress:
                return new CancelDecision.LooksCancelled([new AlertDuressSignalled(alert.Id, alert.AssociationId, DuressReason.DuressPin, now)]);
            default:
                var wrongPins = alert.WrongPins + 1;
                List<object> events = [new WrongPinEntered(alert.Id, alert.AssociationId, now)];
                if (wrongPins >= maxWrongPins)
                {
                    events.Add(new WrongPinsExceeded(alert.Id, alert.AssociationId, wrongPins, now));
                }
                return new CancelDecision.WrongPin(events, Math.Max(0, maxWrongPins - wrongPins));
        }
    }

    public static WebApplicationBuilder AddCancelling(this WebApplicationBuilder builder)
    {
        var maxWrongPins = builder.Configuration.GetValue<int?>("Alerts:MaxWrongPins") ?? CancellingSettings.Default.MaxWrongPins;
        builder.Services.AddSingleton(new CancellingSettings(Math.Max(1, maxWrongPins)));
        return builder;
    }

    public static void MapCancelAlert(this RouteGroupBuilder alerts) =>
        alerts.MapPost("/{alertId:guid}/cancel", HandleAsync).RequireAuthorization(PlatformAuthentication.BeneficiaryPolicy);

    private static async Task<Results<Ok<AlertCancellation>, ProblemHttpResult>> HandleAsync(Guid alertId, CancelAlert command,
        ClaimsPrincipal user, IDocumentStore store, PinGuard pins, TimeProvider time, CancellingSettings settings,
        CancellationToken cancellationToken)
    {
        var tenant = user.AssociationId().ToString();
        var beneficiaryId = user.SubjectId();
        var match = await pins.CheckAsync(user, command.Pin, PinAction.CancellingAnAlert, cancellationToken);
        // Every path does the same work (load, decide, append, save): a duress must take as long as a cancel.
        var decision = await ConcurrentWrites.RetryAsync(async () =>
        {
            await using var session = store.OpenTracedSession(tenant);
            var loaded = await session.LoadAsync<Alert>(alertId, AlertEvolution.Evolve, cancellationToken);
            var decided = Decide(loaded.State, beneficiaryId, match, settings.MaxWrongPins, time.GetUtcNow());
            if (decided.Events.Count > 0)
            {
                session.AppendAfter(alertId, loaded, decided.Events);
                session.Store(AlertSummary.Of(decided.Events.Aggregate(loaded.State, AlertEvolution.Evolve)!));
                // One queued statement either way, so the paths stay alike: a duress reaches the association at once, a
                // real cancel ends the escalation.
                if (decided.Events.Any(e => e is AlertCancelled))
                {
                    session.CancelWakeUp(Escalation.WakeUpKind, alertId);
                }
                else if (decided.Events.Any(e => e is AlertDuressSignalled or WrongPinsExceeded))
                {
                    session.ScheduleWakeUp(Escalation.WakeUpKind, alertId, time.GetUtcNow());
                }
                await session.SaveChangesAsync(cancellationToken);
            }
            return decided;
        });
        if (decision is CancelDecision.WrongPin wrong)
        {
            return TypedResults.Problem(type: WrongPinProblem, statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "This PIN is not right.", extensions: new Dictionary<string, object?> { ["triesLeft"] = wrong.TriesLeft });
        }
        return TypedResults.Ok(new AlertCancellation(alertId, AlertStatus.Cancelled));
    }
}
