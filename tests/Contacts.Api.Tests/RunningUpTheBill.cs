using Platform.ServiceDefaults.Authentication;
using Platform.Contacts.Api.Beneficiaries;
using Platform.Testing;
using System.Net;
using static Platform.Contacts.Api.Tests.BeneficiaryRequests;

namespace Platform.Contacts.Api.Tests;

/// <summary>
/// Whoever holds her phone (or a careless integration) must not text consent requests all day at her association's cost,
/// nor add numbers that bill per message.
/// </summary>
public sealed class RunningUpTheBill(ContactsHost host) : IClassFixture<ContactsHost>
{
    [Fact]
    public async Task Adding_and_removing_a_contact_all_day_stops_at_her_consent_budget_while_removing_still_works()
    {
        var she = await host.EnrolledBeneficiaryAsync();
        var answers = new List<HttpStatusCode>();
        Guid? last = null;

        for (var cycle = 0; cycle < 25; cycle++)
        {
            using var added = await she.She.SendAsync(host.ConfirmedByHerPin(AddContact(she.BeneficiaryId, $"06 12 34 {cycle / 10}{cycle % 10} 78"), she,
                ProtectedAction.AddingAContact));
            answers.Add(added.StatusCode);
            if (added.StatusCode != HttpStatusCode.Created)
            {
                await HttpAssertions.AssertProblemAsync(added, HttpStatusCode.TooManyRequests, Beneficiary.TooManyContactChangesProblem);
                Assert.NotNull(added.Headers.RetryAfter?.Delta);
                continue;
            }
            last = (await added.ReadJsonAsync())["id"]!.GetValue<Guid>();
            using var removed = await she.She.SendAsync(host.ConfirmedByHerPin(RemoveContact(she.BeneficiaryId, last.Value), she,
                ProtectedAction.RemovingAContact));
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        Assert.Equal(Beneficiary.MaxConsentRequestsPerDay, answers.Count(status => status == HttpStatusCode.Created));
        Assert.Equal(25 - Beneficiary.MaxConsentRequestsPerDay, answers.Count(status => status == HttpStatusCode.TooManyRequests));
    }

    [Theory]
    [InlineData("08 99 23 45 67")]
    [InlineData("+881 6 3123 4567")]
    [InlineData("+1 212 555 0123")]
    public async Task A_premium_rate_satellite_or_far_away_number_is_refused_and_nothing_is_texted(string number)
    {
        var she = await host.EnrolledBeneficiaryAsync();

        using var added = await she.Operator.SendAsync(AddContact(she.BeneficiaryId, number));

        var problem = await HttpAssertions.AssertProblemAsync(added, HttpStatusCode.BadRequest, "/problems/validation");
        Assert.NotNull(problem["errors"]!["phone"]);
        using var read = await she.Operator.SendAsync(Read(she.BeneficiaryId));
        Assert.Empty((await read.ReadJsonAsync())["contacts"]!.AsArray());
    }
}
