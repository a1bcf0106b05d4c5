using Platform.Testing;
using System.Net;
using static Platform.Contacts.Api.Tests.BeneficiaryRequests;

namespace Platform.Contacts.Api.Tests;

/// <summary>The caseload a social worker searches: her association's women only, with how protected each is now.</summary>
public sealed class ListingTheCaseload(ContactsHost host) : IClassFixture<ContactsHost>
{
    [Fact]
    public async Task An_operator_lists_searches_and_filters_her_associations_women_and_never_another_associations()
    {
        var association = Guid.CreateVersion7();
        using var @operator = host.OperatorOf(association);
        var camille = await EnrolAsync(@operator, "Camille Durand");
        var nadia = await EnrolAsync(@operator, "Nadia Benali");
        await EnrolAsync(@operator, "Zoé Martin");
        using var elsewhere = host.OperatorOf(Guid.CreateVersion7());
        await EnrolAsync(elsewhere, "Camille Autre");
        var she = new EnrolledBeneficiary(association, camille, @operator, host.ClientWithToken(host.Tokens.Beneficiary(association, camille)));
        await host.ConfirmedContactAsync(she, "06 11 22 33 44");
        await ContactsHost.AddContactAsync(new EnrolledBeneficiary(association, nadia, @operator, @operator), "06 55 66 77 88");

        var all = await ListAsync(@operator, "");
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        Assert.Equal(["Camille Durand", "Nadia Benali", "Zoé Martin"], Names(all));
        var camilleLine = all.GetProperty("items")[0];
        Assert.Equal((1, 0), (camilleLine.GetProperty("confirmedContacts").GetInt32(), camilleLine.GetProperty("pendingContacts").GetInt32()));

        Assert.Equal(["Camille Durand"], Names(await ListAsync(@operator, "?search=camille")));
        Assert.Equal(["Nadia Benali", "Zoé Martin"], Names(await ListAsync(@operator, "?filter=noConfirmedContact")));
        Assert.Equal(["Nadia Benali"], Names(await ListAsync(@operator, "?filter=pendingConsent")));
        Assert.Equal(["Nadia Benali"], Names(await ListAsync(@operator, "?offset=1&limit=1")));

        // Her own phone gets nothing of the list; a bad filter is a clear 400.
        using (var fromHerPhone = await she.She.GetAsync(new Uri("/api/beneficiaries", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, fromHerPhone.StatusCode);
        }
        using var bad = await @operator.GetAsync(new Uri("/api/beneficiaries?filter=everyone&limit=0", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.ReadJsonAsync();
        Assert.NotNull(problem["errors"]!["filter"]);
        Assert.NotNull(problem["errors"]!["limit"]);
    }

    private static async Task<Guid> EnrolAsync(HttpClient @operator, string name)
    {
        using var enrolled = await @operator.SendAsync(Enrol(name));
        Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);
        return (await enrolled.ReadJsonAsync())["id"]!.GetValue<Guid>();
    }

    private static async Task<System.Text.Json.JsonElement> ListAsync(HttpClient @operator, string query)
    {
        using var listed = await @operator.GetAsync(new Uri($"/api/beneficiaries{query}", UriKind.Relative));
        var body = await listed.Content.ReadAsStringAsync();
        Assert.True(listed.StatusCode == HttpStatusCode.OK, body);
        return System.Text.Json.JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string[] Names(System.Text.Json.JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("displayName").GetString()!)];
}
