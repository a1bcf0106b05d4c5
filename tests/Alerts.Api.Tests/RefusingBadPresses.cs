using Platform.Alerts.Contracts;
using Platform.Devices.Contracts;
using System.Text.Json.Nodes;
using Platform.Testing;
using System.Net;
using System.Text;

namespace Platform.Alerts.Api.Tests;

public sealed class RefusingBadPresses(AlertsHost host) : IClassFixture<AlertsHost>
{
    [Theory]
    [InlineData(91.0, "location.latitude")]
    [InlineData(-90.5, "location.latitude")]
    public async Task An_impossible_position_is_a_validation_problem(double latitude, string field)
    {
        var she = await host.PairedBeneficiaryAsync();

        using var response = await she.She.SendAsync(AlertRequests.Press(she.DeviceId, latitude: latitude));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True((await response.ReadJsonAsync())["errors"]!.AsObject().ContainsKey(field));
    }

    [Fact]
    public async Task Malformed_json_is_a_bad_request_problem()
    {
        var she = await host.PairedBeneficiaryAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/alerts")
        {
            Content = new StringContent("{\"deviceId\": \"not-a-uuid\", ", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", "press-malformed");

        using var response = await she.She.SendAsync(request);

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_press_without_its_press_id_is_refused()
    {
        var she = await host.PairedBeneficiaryAsync();
        using var request = AlertRequests.Press(she.DeviceId);
        request.Headers.Remove("Idempotency-Key");

        using var response = await she.She.SendAsync(request);

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_button_not_paired_to_her_is_refused_and_the_next_valid_press_still_works()
    {
        var she = await host.PairedBeneficiaryAsync();
        var someoneElse = await host.PairedBeneficiaryAsync();

        using var unknown = await she.She.SendAsync(AlertRequests.Press(Guid.NewGuid()));
        using var notHers = await she.She.SendAsync(AlertRequests.Press(someoneElse.DeviceId));
        using var valid = await she.She.SendAsync(AlertRequests.Press(she.DeviceId));

        await HttpAssertions.AssertProblemAsync(unknown, HttpStatusCode.UnprocessableEntity, "/problems/unknown-device");
        await HttpAssertions.AssertProblemAsync(notHers, HttpStatusCode.UnprocessableEntity, "/problems/unknown-device");
        Assert.Equal(HttpStatusCode.Accepted, valid.StatusCode);
    }

    [Fact]
    public async Task A_press_from_a_button_reported_lost_is_refused_recorded_for_her_association_and_published_nowhere()
    {
        var she = await host.PairedBeneficiaryAsync();
        var published = await host.WatchAsync<AlertTriggered>();
        await host.PublishAsync(new DeviceRevoked(Guid.CreateVersion7(), DateTimeOffset.UtcNow, she.AssociationId, she.DeviceId,
            she.BeneficiaryId, DeviceRevocationReason.Lost));
        using var @operator = host.ClientWithToken(host.Tokens.Operator(she.AssociationId));

        var refused = await Eventually.ValueAsync(async () =>
        {
            var response = await she.She.SendAsync(AlertRequests.Press(she.DeviceId));
            return (response.StatusCode != HttpStatusCode.Accepted, response);
        }, "the loss report to reach the alerts service");

        await HttpAssertions.AssertProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "/problems/device-revoked");
        using var list = await @operator.GetAsync(new Uri("/api/alerts/refused-presses", UriKind.Relative));
        var presses = JsonNode.Parse(await list.Content.ReadAsStringAsync())!.AsArray();
        Assert.Contains(presses, p => p!["deviceId"]!.GetValue<Guid>() == she.DeviceId && p["reason"]!.GetValue<string>() == "lost");
        // The refused press started no alert: its would-be alert id names nothing.
        var pressId = $"press-{Guid.NewGuid():N}";
        using var again = await she.She.SendAsync(AlertRequests.Press(she.DeviceId, pressId));
        await HttpAssertions.AssertProblemAsync(again, HttpStatusCode.UnprocessableEntity, "/problems/device-revoked");
        var wouldBeAlert = Platform.Alerts.Api.Alerts.Alert.IdFor(she.AssociationId, she.BeneficiaryId, pressId);
        using var absent = await @operator.GetAsync(new Uri($"/api/alerts/{wouldBeAlert}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
        Assert.DoesNotContain(published.All, m => m.Message.AlertId == wouldBeAlert);
        refused.Dispose();
    }

    [Fact]
    public async Task Without_a_token_the_press_is_unauthorized()
    {
        using var anonymous = host.CreateClient();

        using var response = await anonymous.SendAsync(AlertRequests.Press(Guid.NewGuid()));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_operator_cannot_press_in_her_place()
    {
        var she = await host.PairedBeneficiaryAsync();
        using var @operator = host.ClientWithToken(host.Tokens.Operator(she.AssociationId));

        using var response = await @operator.SendAsync(AlertRequests.Press(she.DeviceId));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

}
