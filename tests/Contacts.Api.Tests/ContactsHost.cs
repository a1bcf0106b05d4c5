using Platform.Testing;
using System.Net;

namespace Platform.Contacts.Api.Tests;

public sealed class ContactsHost() : ServiceHost<Program>("contacts")
{
    public HttpClient OperatorOf(Guid associationId) => ClientWithToken(Tokens.Operator(associationId));

    /// <summary>A woman her association just enrolled, with the clients of her operator and of herself.</summary>
    public async Task<EnrolledBeneficiary> EnrolledBeneficiaryAsync()
    {
        var associationId = Guid.CreateVersion7();
        var @operator = OperatorOf(associationId);
        using var response = await @operator.SendAsync(BeneficiaryRequests.Enrol());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var beneficiaryId = (await response.ReadJsonAsync())["id"]!.GetValue<Guid>();
        return new EnrolledBeneficiary(associationId, beneficiaryId, @operator,
            ClientWithToken(Tokens.Beneficiary(associationId, beneficiaryId)));
    }
}

public sealed record EnrolledBeneficiary(Guid AssociationId, Guid BeneficiaryId, HttpClient Operator, HttpClient She);
