using System.Net;
using static Platform.Alerts.Api.Tests.AlertRequests;

namespace Platform.Alerts.Api.Tests;

/// <summary>Every alert endpoint added for live location, resolution and the list, asked by whoever it is not for.</summary>
public sealed class AccessToAlerts(AlertsHost host) : IClassFixture<AlertsHost>
{
    public static TheoryData<string> Endpoints => ["locations", "resolution", "list"];

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Without_a_token_the_answer_is_401(string endpoint)
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        using var anonymous = host.CreateClient();

        using var response = await anonymous.SendAsync(Request(endpoint, alertId));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingOfHersAsync(response, she);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Another_associations_operator_learns_nothing_of_her_alert(string endpoint)
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        using var otherOperator = host.ClientWithToken(host.Tokens.Operator(Guid.CreateVersion7()));

        using var response = await otherOperator.SendAsync(Request(endpoint, alertId));

        if (endpoint == "list")
        {
            // A list is never "not found": it is their own association's list, without her alert.
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        await AssertNothingOfHersAsync(response, she);
        await AssertHerAlertUnchangedAsync(she, alertId);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Another_beneficiary_of_her_association_gets_not_found(string endpoint)
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        using var neighbour = host.ClientWithToken(host.Tokens.Beneficiary(she.AssociationId, Guid.CreateVersion7()));

        using var response = await neighbour.SendAsync(Request(endpoint, alertId));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertNothingOfHersAsync(response, she);
        await AssertHerAlertUnchangedAsync(she, alertId);
    }

    [Fact]
    public async Task An_operator_of_her_association_cannot_send_her_location()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        using var herOperator = host.ClientWithToken(host.Tokens.Operator(she.AssociationId));

        using var response = await herOperator.SendAsync(Request("locations", alertId));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertHerAlertUnchangedAsync(she, alertId);
    }

    [Fact]
    public async Task A_cursor_naming_another_associations_alert_reveals_nothing()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        using var otherOperator = host.ClientWithToken(host.Tokens.Operator(Guid.CreateVersion7()));

        using var response = await otherOperator.GetAsync(new Uri($"/api/alerts?after={alertId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingOfHersAsync(response, she);
    }

    private static HttpRequestMessage Request(string endpoint, Guid alertId) => endpoint switch
    {
        "locations" => Locations(alertId, Fix(DateTimeOffset.UtcNow, latitude: 48.1)),
        // A plausible version: the caller guessed right, and is still refused.
        "resolution" => Resolve(alertId, "\"1\"", new { outcome = "falseAlarm" }),
        _ => new HttpRequestMessage(HttpMethod.Get, "/api/alerts?status=active"),
    };

    private static async Task AssertNothingOfHersAsync(HttpResponseMessage response, PairedBeneficiary she)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(she.BeneficiaryId.ToString(), body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(she.DeviceId.ToString(), body, StringComparison.OrdinalIgnoreCase);
        // Where she pressed (AlertRequests.Press).
        Assert.DoesNotContain("45.7772", body, StringComparison.Ordinal);
        Assert.DoesNotContain("3.087", body, StringComparison.Ordinal);
    }

    /// <summary>Refused means refused: still active, still one event (nothing was appended).</summary>
    private static async Task AssertHerAlertUnchangedAsync(PairedBeneficiary she, Guid alertId)
    {
        Assert.Equal("\"1\"", await ETagAsync(she.HerOperator, alertId));
    }
}
