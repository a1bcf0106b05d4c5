using Platform.Testing;
using Platform.Contacts.Contracts;
using System.Net;
using static Platform.Contacts.Api.Tests.BeneficiaryRequests;

namespace Platform.Contacts.Api.Tests;

public sealed class WritingTheAlertMessage(ContactsHost host) : IClassFixture<ContactsHost>
{
    private const string NewMessage = "Viens vite, je suis chez moi.";

    [Fact]
    public async Task She_rewrites_her_alert_message()
    {
        var she = await host.EnrolledBeneficiaryAsync();

        using var response = await she.She.SendAsync(WriteAlertMessage(she.BeneficiaryId, $"  {NewMessage} "));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(NewMessage, (await response.ReadJsonAsync())["alertMessage"]!.GetValue<string>());
        using var read = await she.She.SendAsync(Read(she.BeneficiaryId));
        Assert.Equal(NewMessage, (await read.ReadJsonAsync())["alertMessage"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_rewritten_message_is_carried_by_a_newer_snapshot()
    {
        var published = await host.WatchAsync<ContactsChanged>();
        var she = await host.EnrolledBeneficiaryAsync();
        var (_, enrolment, _) = await published.FirstAsync(m => m.BeneficiaryId == she.BeneficiaryId);

        using var response = await she.Operator.SendAsync(WriteAlertMessage(she.BeneficiaryId, NewMessage));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (_, snapshot, _) = await published.FirstAsync(m => m.BeneficiaryId == she.BeneficiaryId && m.AlertMessage == NewMessage);
        Assert.True(snapshot.Version > enrolment.Version, $"version {snapshot.Version} should be newer than {enrolment.Version}");
    }

    [Fact]
    public async Task An_empty_alert_message_is_a_validation_problem()
    {
        var she = await host.EnrolledBeneficiaryAsync();

        using var response = await she.She.SendAsync(WriteAlertMessage(she.BeneficiaryId, "   "));

        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, "/problems/validation");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("alertMessage"));
    }

    [Fact]
    public async Task Another_beneficiary_cannot_rewrite_her_message()
    {
        var she = await host.EnrolledBeneficiaryAsync();
        using var neighbour = host.ClientWithToken(host.Tokens.Beneficiary(she.AssociationId, Guid.CreateVersion7()));

        using var response = await neighbour.SendAsync(WriteAlertMessage(she.BeneficiaryId, NewMessage));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound, "/problems/not-found");
    }
}
