using Platform.Testing;
using System.Net;
using System.Net.Http.Json;

namespace Platform.Alerts.Api.Tests;

public sealed class ChoosingPins(AlertsHost host) : IClassFixture<AlertsHost>
{
    [Fact]
    public async Task She_sets_her_pins_and_reads_back_only_that_they_are_set()
    {
        var she = await host.PairedBeneficiaryAsync();
        Assert.False((await ReadSettingsAsync(she))["pinsSet"]!.GetValue<bool>());

        using var response = await she.She.PutAsJsonAsync("/api/alerts/settings", new { cancelPin = "2580", duressPin = "1470" });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var settings = await ReadSettingsAsync(she);
        Assert.True(settings["pinsSet"]!.GetValue<bool>());
        Assert.Equal(["pinsSet"], settings.Select(property => property.Key));
    }

    [Fact]
    public async Task Pins_that_break_a_rule_are_refused_without_being_repeated()
    {
        var she = await host.PairedBeneficiaryAsync();

        using var response = await she.She.PutAsJsonAsync("/api/alerts/settings", new { cancelPin = "2580", duressPin = "2580" });

        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["duressPin"]);
        Assert.DoesNotContain("2580", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_cannot_set_pins()
    {
        var she = await host.PairedBeneficiaryAsync();
        using var herOperator = host.ClientWithToken(host.Tokens.Operator(she.AssociationId));

        using var response = await herOperator.PutAsJsonAsync("/api/alerts/settings", new { cancelPin = "2580", duressPin = "1470" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Changing_her_pins_takes_her_current_cancel_pin()
    {
        var she = await host.PairedBeneficiaryAsync();
        using var first = await she.She.PutAsJsonAsync("/api/alerts/settings", new { cancelPin = "2580", duressPin = "1470" });

        using var withoutCurrent = await she.She.PutAsJsonAsync("/api/alerts/settings", new { cancelPin = "3691", duressPin = "7410" });
        using var withCurrent = await she.She.PutAsJsonAsync("/api/alerts/settings",
            new { cancelPin = "3691", duressPin = "7410", currentPin = "2580" });

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        await HttpAssertions.AssertProblemAsync(withoutCurrent, HttpStatusCode.UnprocessableEntity,
            Alerts.ChoosingPins.SetAlertPinsSlice.WrongCurrentPinProblem);
        Assert.Equal(HttpStatusCode.NoContent, withCurrent.StatusCode);
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> ReadSettingsAsync(PairedBeneficiary she)
    {
        using var response = await she.She.GetAsync(new Uri("/api/alerts/settings", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }
}
