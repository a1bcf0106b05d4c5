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

/// <summary>A contacts service whose associations may each text only three consent requests a day.</summary>
public sealed class ContactsHostWithASmallAssociationBudget : ContactsHost
{
    public const int PerAssociationPerDay = 3;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
        [new("Contacts:ConsentRequests:PerAssociationPerDay", PerAssociationPerDay.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}

/// <summary>A stolen operator token or a runaway integration spreads its consent SMS over many women: the association has a budget too.</summary>
public sealed class RunningUpTheAssociationsBill(ContactsHostWithASmallAssociationBudget host) : IClassFixture<ContactsHostWithASmallAssociationBudget>
{
    [Fact]
    public async Task Adding_contacts_across_her_associations_women_stops_at_its_daily_budget_while_removing_and_other_associations_go_on()
    {
        var associationId = Guid.CreateVersion7();
        using var @operator = host.OperatorOf(associationId);
        var women = new List<Guid>();
        for (var woman = 0; woman < 2; woman++)
        {
            using var enrolled = await @operator.SendAsync(Enrol());
            women.Add((await enrolled.ReadJsonAsync())["id"]!.GetValue<Guid>());
        }

        var answers = new List<HttpResponseMessage>();
        for (var contact = 0; contact < ContactsHostWithASmallAssociationBudget.PerAssociationPerDay + 1; contact++)
        {
            answers.Add(await @operator.SendAsync(AddContact(women[contact % 2], $"06 12 34 56 7{contact}")));
        }
        var other = await host.EnrolledBeneficiaryAsync();
        using var elsewhere = await other.Operator.SendAsync(AddContact(other.BeneficiaryId, "06 12 34 56 70"));

        Assert.All(answers[..^1], answer => Assert.Equal(HttpStatusCode.Created, answer.StatusCode));
        await HttpAssertions.AssertProblemAsync(answers[^1], HttpStatusCode.TooManyRequests, AssociationConsentBudget.ExhaustedProblem);
        Assert.NotNull(answers[^1].Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
        var first = (await answers[0].ReadJsonAsync())["id"]!.GetValue<Guid>();
        using var removed = await @operator.SendAsync(RemoveContact(women[0], first));
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using var read = await @operator.SendAsync(Read(women[1]));
        Assert.Single((await read.ReadJsonAsync())["contacts"]!.AsArray());
        answers.ForEach(answer => answer.Dispose());
    }
}
