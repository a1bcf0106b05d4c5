using Platform.Testing;
using Platform.Contacts.Contracts;
using System.Net;
using static Platform.Contacts.Api.Tests.BeneficiaryRequests;

namespace Platform.Contacts.Api.Tests;

public sealed class EnrollingBeneficiaries(ContactsHost host) : IClassFixture<ContactsHost>
{
    [Fact]
    public async Task An_operator_enrols_a_beneficiary_in_her_own_association()
    {
        var associationId = Guid.CreateVersion7();
        using var @operator = host.OperatorOf(associationId);

        using var response = await @operator.SendAsync(Enrol(" Camille ", "EN"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var she = await response.ReadJsonAsync();
        var id = she["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/beneficiaries/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal(associationId, she["associationId"]!.GetValue<Guid>());
        Assert.Equal(("Camille", "en", AlertMessage),
            (she["displayName"]!.GetValue<string>(), she["language"]!.GetValue<string>(), she["alertMessage"]!.GetValue<string>()));
        Assert.Empty(she["contacts"]!.AsArray());
    }

    [Fact]
    public async Task Enrolment_publishes_BeneficiaryEnrolled_under_its_event_id()
    {
        var associationId = Guid.CreateVersion7();
        var published = await host.WatchAsync<BeneficiaryEnrolled>();
        using var @operator = host.OperatorOf(associationId);

        using var response = await @operator.SendAsync(Enrol());

        var beneficiaryId = (await response.ReadJsonAsync())["id"]!.GetValue<Guid>();
        var (messageId, enrolled, _) = await published.FirstAsync(m => m.BeneficiaryId == beneficiaryId);
        Assert.Equal(enrolled.EventId, messageId);
        Assert.Equal(associationId, enrolled.AssociationId);
    }

    [Fact]
    public async Task Enrolment_publishes_her_first_ContactsChanged_snapshot()
    {
        var associationId = Guid.CreateVersion7();
        var published = await host.WatchAsync<ContactsChanged>();
        using var @operator = host.OperatorOf(associationId);

        using var response = await @operator.SendAsync(Enrol("Camille", "fr"));

        var beneficiaryId = (await response.ReadJsonAsync())["id"]!.GetValue<Guid>();
        var (messageId, snapshot, _) = await published.FirstAsync(m => m.BeneficiaryId == beneficiaryId);
        Assert.Equal(snapshot.EventId, messageId);
        Assert.Equal(associationId, snapshot.AssociationId);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(("Camille", "fr", AlertMessage), (snapshot.DisplayName, snapshot.Language, snapshot.AlertMessage));
        Assert.Empty(snapshot.Contacts);
    }

    [Fact]
    public async Task An_enrolment_in_an_unsupported_language_is_a_validation_problem()
    {
        using var @operator = host.OperatorOf(Guid.CreateVersion7());

        using var response = await @operator.SendAsync(Enrol(language: "de"));

        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, "/problems/validation");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("language"));
    }

    [Fact]
    public async Task An_alert_message_too_long_for_two_sms_is_a_validation_problem()
    {
        using var @operator = host.OperatorOf(Guid.CreateVersion7());

        using var response = await @operator.SendAsync(Enrol(alertMessage: new string('m', 87)));

        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, "/problems/validation");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("alertMessage"));
    }

    [Theory]
    [InlineData("Françoise", "J’ai besoin d’aide, viens vite. Je suis à la maison, près de la fenêtre.")]
    [InlineData("Anaïs", "J'ai besoin d'aide, appelle la police.")]
    public async Task A_french_name_with_letters_outside_the_sms_alphabet_is_enrolled_with_a_normal_message(string displayName, string alertMessage)
    {
        using var @operator = host.OperatorOf(Guid.CreateVersion7());

        using var response = await @operator.SendAsync(Enrol(displayName, alertMessage: alertMessage));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var she = await response.ReadJsonAsync();
        Assert.Equal((displayName, alertMessage), (she["displayName"]!.GetValue<string>(), she["alertMessage"]!.GetValue<string>()));
        Assert.True(she["alertMessageRoomLeft"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task A_message_still_too_long_once_transliterated_is_a_validation_problem()
    {
        using var @operator = host.OperatorOf(Guid.CreateVersion7());

        using var response = await @operator.SendAsync(Enrol("Françoise", alertMessage: new string('ê', 85)));

        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, "/problems/validation");
        Assert.StartsWith("1 characters too long", problem["errors"]!["alertMessage"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_beneficiary_cannot_enrol_someone()
    {
        var associationId = Guid.CreateVersion7();
        using var beneficiary = host.ClientWithToken(host.Tokens.Beneficiary(associationId, Guid.CreateVersion7()));

        using var response = await beneficiary.SendAsync(Enrol());

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }
}
