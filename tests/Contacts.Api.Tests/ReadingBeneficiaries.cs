using Platform.Testing;
using System.Net;
using static Platform.Contacts.Api.Tests.BeneficiaryRequests;

namespace Platform.Contacts.Api.Tests;

public sealed class ReadingBeneficiaries(ContactsHost host) : IClassFixture<ContactsHost>
{
    [Fact]
    public async Task She_reads_her_own_profile()
    {
        var she = await host.EnrolledBeneficiaryAsync();

        using var response = await she.She.SendAsync(Read(she.BeneficiaryId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var profile = await response.ReadJsonAsync();
        Assert.Equal(she.BeneficiaryId, profile["id"]!.GetValue<Guid>());
        Assert.Equal(AlertMessage, profile["alertMessage"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_operator_of_her_association_reads_her_profile()
    {
        var she = await host.EnrolledBeneficiaryAsync();
        using var colleague = host.OperatorOf(she.AssociationId);

        using var response = await colleague.SendAsync(Read(she.BeneficiaryId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_operator_of_another_association_gets_not_found()
    {
        var she = await host.EnrolledBeneficiaryAsync();
        using var stranger = host.OperatorOf(Guid.CreateVersion7());

        using var response = await stranger.SendAsync(Read(she.BeneficiaryId));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound, "/problems/not-found");
    }

    [Fact]
    public async Task Another_beneficiary_of_her_association_gets_not_found()
    {
        var she = await host.EnrolledBeneficiaryAsync();
        using var neighbour = host.ClientWithToken(host.Tokens.Beneficiary(she.AssociationId, Guid.CreateVersion7()));

        using var response = await neighbour.SendAsync(Read(she.BeneficiaryId));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound, "/problems/not-found");
    }

    [Fact]
    public async Task An_admin_cannot_read_her_profile()
    {
        var she = await host.EnrolledBeneficiaryAsync();
        using var admin = host.ClientWithToken(host.Tokens.Admin());

        using var response = await admin.SendAsync(Read(she.BeneficiaryId));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }
}
