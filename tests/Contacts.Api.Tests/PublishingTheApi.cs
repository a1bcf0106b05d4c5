using Platform.Testing;
using System.Net;

namespace Platform.Contacts.Api.Tests;

public sealed class PublishingTheApi(ContactsHost host) : IClassFixture<ContactsHost>
{
    [Fact]
    public async Task The_openapi_document_lists_every_contacts_route()
    {
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.ReadJsonAsync())["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        Assert.Subset(paths, new HashSet<string>
        {
            "/api/beneficiaries", "/api/beneficiaries/{beneficiaryId}", "/api/beneficiaries/{beneficiaryId}/alert-message",
            "/api/beneficiaries/{beneficiaryId}/profile", "/api/beneficiaries/{beneficiaryId}/contacts",
            "/api/beneficiaries/{beneficiaryId}/contacts/{contactId}", "/api/beneficiaries/{beneficiaryId}/contacts/{contactId}/phone",
            "/api/associations/roster", "/api/associations/roster/on-call", "/api/associations/roster/readiness",
        });
    }
}
