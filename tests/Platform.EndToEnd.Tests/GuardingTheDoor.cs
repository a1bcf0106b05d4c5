using Platform.Testing;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Platform.EndToEnd.Tests;

[Collection(StackCollection.Name)]
public sealed class GuardingTheDoor(PlatformStack stack)
{
    [Fact]
    public async Task Without_a_token_the_gateway_answers_401_with_a_problem()
    {
        using var gateway = stack.Client();

        using var response = await Scenario.RequestAsync(gateway, HttpMethod.Get, $"/api/alerts/{Guid.NewGuid()}", null, null);

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(ForgedToken.AlgNone)]
    [InlineData(ForgedToken.AnotherKey)]
    [InlineData(ForgedToken.SymmetricWithThePublicKey)]
    [InlineData(ForgedToken.WrongAudience)]
    [InlineData(ForgedToken.Expired)]
    [InlineData(ForgedToken.IdentityToken)]
    public async Task A_forged_token_gets_401_at_the_gateway_and_at_a_service_reached_directly(ForgedToken flaw)
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        using var alerts = stack.ServiceClient("alerts");
        var path = $"/api/alerts?status=active";
        // The control: the same token made right is accepted at both doors (her list is the association's: 404).
        var genuine = stack.Tokens.Forged(she.AssociationId, she.BeneficiaryId, ForgedToken.None);
        using (var accepted = await Scenario.RequestAsync(alerts, HttpMethod.Get, path, genuine, null))
        {
            Assert.Equal(HttpStatusCode.NotFound, accepted.StatusCode);
        }

        var forged = stack.Tokens.Forged(she.AssociationId, she.BeneficiaryId, flaw);
        using var atTheGateway = await Scenario.RequestAsync(gateway, HttpMethod.Get, path, forged, null);
        using var atTheService = await Scenario.RequestAsync(alerts, HttpMethod.Get, path, forged, null);
        using var press = await Scenario.RequestAsync(gateway, HttpMethod.Post, "/api/alerts", forged, Scenario.Press(she));

        await HttpAssertions.AssertProblemAsync(atTheGateway, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, atTheService.StatusCode);
        await HttpAssertions.AssertProblemAsync(press, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Another_associations_operator_or_beneficiary_gets_404_for_her_alert()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        var alertId = await Scenario.PressUntilAcceptedAsync(gateway, she, $"press-{Guid.NewGuid():N}");
        var otherAssociation = Guid.CreateVersion7();

        using var foreignOperator = await Scenario.RequestAsync(gateway, HttpMethod.Get, $"/api/alerts/{alertId}",
            stack.Tokens.Operator(otherAssociation), null);
        using var foreignBeneficiary = await Scenario.RequestAsync(gateway, HttpMethod.Get, $"/api/alerts/{alertId}",
            stack.Tokens.Beneficiary(otherAssociation, she.BeneficiaryId), null);
        using var herself = await Scenario.RequestAsync(gateway, HttpMethod.Get, $"/api/alerts/{alertId}", she.Token, null);

        await HttpAssertions.AssertProblemAsync(foreignOperator, HttpStatusCode.NotFound);
        await HttpAssertions.AssertProblemAsync(foreignBeneficiary, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, herself.StatusCode);
    }

    [Fact]
    public async Task Bad_presses_get_4xx_problems_and_the_next_valid_press_still_works()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        await Scenario.PressUntilAcceptedAsync(gateway, she, $"press-{Guid.NewGuid():N}");

        using var malformed = await Scenario.RequestAsync(gateway, HttpMethod.Post, "/api/alerts", she.Token,
            new StringContent("{\"deviceId\": ", Encoding.UTF8, "application/json"), "press-malformed");
        using var latitude91 = await Scenario.RequestAsync(gateway, HttpMethod.Post, "/api/alerts", she.Token,
            Scenario.Press(she, latitude: 91), "press-91");
        using var unknownDevice = await Scenario.RequestAsync(gateway, HttpMethod.Post, "/api/alerts", she.Token,
            Scenario.Press(she with { DeviceId = Guid.NewGuid() }), "press-unknown-device");
        using var oversized = await Scenario.RequestAsync(gateway, HttpMethod.Post, "/api/alerts", she.Token,
            new StringContent($"{{\"padding\":\"{new string('x', 200_000)}\"}}", Encoding.UTF8, "application/json"), "press-huge");
        using var valid = await Scenario.RequestAsync(gateway, HttpMethod.Post, "/api/alerts", she.Token, Scenario.Press(she),
            $"press-{Guid.NewGuid():N}");

        await HttpAssertions.AssertProblemAsync(malformed, HttpStatusCode.BadRequest);
        await HttpAssertions.AssertProblemAsync(latitude91, HttpStatusCode.BadRequest);
        await HttpAssertions.AssertProblemAsync(unknownDevice, HttpStatusCode.UnprocessableEntity);
        await HttpAssertions.AssertProblemAsync(oversized, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(HttpStatusCode.Accepted, valid.StatusCode);
    }

    [Fact]
    public async Task The_gateway_returns_a_correlation_id_and_publishes_each_services_openapi_document()
    {
        using var gateway = stack.Client();

        foreach (var (service, path) in new[] { ("alerts", "/api/alerts"), ("contacts", "/api/beneficiaries"), ("devices", "/api/devices") })
        {
            using var response = await gateway.GetAsync(new Uri($"/openapi/{service}.json", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Contains(document["paths"]!.AsObject(), entry => entry.Key.StartsWith(path, StringComparison.Ordinal));
            Assert.True(response.Headers.Contains("X-Correlation-Id"));
        }
    }

}
