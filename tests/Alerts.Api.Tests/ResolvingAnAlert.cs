using Platform.Alerts.Api.Alerts.Resolving;
using Platform.Alerts.Contracts;
using Platform.Testing;
using System.Net;
using static Platform.Alerts.Api.Tests.AlertRequests;

namespace Platform.Alerts.Api.Tests;

public sealed class ResolvingAnAlert(AlertsHost host) : IClassFixture<AlertsHost>
{
    [Fact]
    public async Task Her_operator_resolves_the_version_she_read_and_the_resolution_is_published()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        using var herOperator = host.ClientWithToken(host.Tokens.Operator(she.AssociationId));
        var published = await host.WatchAsync<AlertResolved>();
        var etag = await ETagAsync(herOperator, alertId);

        using var response = await herOperator.SendAsync(Resolve(alertId, etag, new { outcome = "policeIntervened" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var read = await herOperator.GetAsync(new Uri($"/api/alerts/{alertId}", UriKind.Relative));
        var alert = await read.ReadJsonAsync();
        Assert.Equal("resolved", alert["status"]!.GetValue<string>());
        Assert.Equal("policeIntervened", alert["resolution"]!["outcome"]!.GetValue<string>());
        Assert.NotEqual(etag, read.Headers.ETag!.ToString());
        var (messageId, resolved, _) = await published.FirstAsync(m => m.AlertId == alertId);
        Assert.Equal(resolved.EventId, messageId);
        Assert.Equal((she.AssociationId, AlertOutcome.PoliceIntervened), (resolved.AssociationId, resolved.Outcome));
    }

    [Fact]
    public async Task The_etag_is_the_stream_version()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);

        Assert.Equal("\"1\"", await ETagAsync(she.HerOperator, alertId));
    }

    [Fact]
    public async Task A_stale_version_is_refused_with_412()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        using var herOperator = host.ClientWithToken(host.Tokens.Operator(she.AssociationId));

        using var response = await herOperator.SendAsync(Resolve(alertId, "\"7\"", new { outcome = "safe" }));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.PreconditionFailed, ResolveAlertSlice.StaleVersionProblem);
    }

    [Fact]
    public async Task A_resolution_decided_before_her_latest_position_arrived_is_refused_with_412()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        using var herOperator = host.ClientWithToken(host.Tokens.Operator(she.AssociationId));
        var etag = await ETagAsync(herOperator, alertId);
        using var moved = await she.She.SendAsync(Locations(alertId, Fix(DateTimeOffset.UtcNow)));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        using var response = await herOperator.SendAsync(Resolve(alertId, etag, new { outcome = "falseAlarm" }));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.PreconditionFailed, ResolveAlertSlice.StaleVersionProblem);
        Assert.Equal("\"2\"", await ETagAsync(herOperator, alertId));
    }

    [Fact]
    public async Task A_resolution_without_if_match_is_refused_with_428()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        using var herOperator = host.ClientWithToken(host.Tokens.Operator(she.AssociationId));

        using var response = await herOperator.SendAsync(Resolve(alertId, null, new { outcome = "safe" }));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.PreconditionRequired, ResolveAlertSlice.VersionRequiredProblem);
    }

    [Fact]
    public async Task An_alert_already_resolved_is_refused_with_409()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        using var herOperator = host.ClientWithToken(host.Tokens.Operator(she.AssociationId));
        await ResolveAsync(herOperator, alertId, new { outcome = "safe" });

        using var again = await herOperator.SendAsync(Resolve(alertId, await ETagAsync(herOperator, alertId), new { outcome = "falseAlarm" }));

        await HttpAssertions.AssertProblemAsync(again, HttpStatusCode.Conflict, ResolveAlertSlice.AlreadyResolvedProblem);
    }

    [Fact]
    public async Task Other_without_a_note_is_a_validation_problem_naming_the_note()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        using var herOperator = host.ClientWithToken(host.Tokens.Operator(she.AssociationId));

        using var response = await herOperator.SendAsync(Resolve(alertId, await ETagAsync(herOperator, alertId), new { outcome = "other" }));

        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["note"]);
    }

    [Fact]
    public async Task She_sees_the_outcome_but_not_the_operators_note()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        using var herOperator = host.ClientWithToken(host.Tokens.Operator(she.AssociationId));
        await ResolveAsync(herOperator, alertId, new { outcome = "other", note = "Partner arrested; she is at her sister's." });

        using var response = await she.She.GetAsync(new Uri($"/api/alerts/{alertId}", UriKind.Relative));

        var resolution = (await response.ReadJsonAsync())["resolution"]!;
        Assert.Equal("other", resolution["outcome"]!.GetValue<string>());
        Assert.Null(resolution["note"]);
    }
}
