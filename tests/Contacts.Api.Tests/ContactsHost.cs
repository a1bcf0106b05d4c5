using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Platform.Notifications.Contracts;
using Platform.ServiceDefaults.Authentication;
using Platform.Testing;
using System.Net;

namespace Platform.Contacts.Api.Tests;

public class ContactsHost() : ServiceHost<Program>("contacts")
{
    public HttpClient OperatorOf(Guid associationId) => ClientWithToken(Tokens.Operator(associationId));

    /// <summary>Her app's request with the confirmation alerts answers her PIN with (her duress PIN's when asked).</summary>
    public HttpRequestMessage ConfirmedByHerPin(HttpRequestMessage request, EnrolledBeneficiary she, ProtectedAction action, bool duress = false)
    {
        request.Headers.Add(PinConfirmations.Header, Tokens.PinConfirmation(she.BeneficiaryId, action, duress));
        return request;
    }

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

    /// <returns>The new contact's id.</returns>
    public static async Task<Guid> AddContactAsync(EnrolledBeneficiary she, string phone = "06 12 34 56 78", string name = "Sœur")
    {
        using var response = await she.Operator.SendAsync(BeneficiaryRequests.AddContact(she.BeneficiaryId, phone, name));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync())["id"]!.GetValue<Guid>();
    }

    /// <summary>What notifications publishes when the contact answers the consent SMS ("OUI" or "NON").</summary>
    public async Task<ConsentReplyReceived> ReplyAsync(EnrolledBeneficiary she, Guid contactId, bool accepted, DateTimeOffset? at = null)
    {
        var reply = new ConsentReplyReceived(Guid.NewGuid(), at ?? DateTimeOffset.UtcNow, she.AssociationId, she.BeneficiaryId, contactId, accepted);
        await PublishAsync(reply, reply.EventId);
        return reply;
    }

    /// <summary>Her contact's consent as her operator reads it.</summary>
    public static async Task<string?> ConsentOfAsync(EnrolledBeneficiary she, Guid contactId)
    {
        using var read = await she.Operator.SendAsync(BeneficiaryRequests.Read(she.BeneficiaryId));
        return (await read.ReadJsonAsync())["contacts"]!.AsArray()
            .FirstOrDefault(c => c!["id"]!.GetValue<Guid>() == contactId)?["consent"]!.GetValue<string>();
    }

    /// <summary>A contact she added and who accepted.</summary>
    public async Task<Guid> ConfirmedContactAsync(EnrolledBeneficiary she, string phone = "06 12 34 56 78")
    {
        var contactId = await AddContactAsync(she, phone);
        await ReplyAsync(she, contactId, accepted: true);
        await Eventually.TrueAsync(async () => await ConsentOfAsync(she, contactId) == "confirmed", "the contact to be confirmed");
        return contactId;
    }
}

/// <summary>A contacts service whose clock the test moves.</summary>
public sealed class ContactsHostOnFakeClock : ContactsHost
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed record EnrolledBeneficiary(Guid AssociationId, Guid BeneficiaryId, HttpClient Operator, HttpClient She);
