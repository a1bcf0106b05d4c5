using Platform.ServiceDefaults.Authentication;
using Platform.Testing;
using Platform.Contacts.Contracts;
using System.Net;
using static Platform.Contacts.Api.Tests.BeneficiaryRequests;

namespace Platform.Contacts.Api.Tests;

public sealed class AddingContacts(ContactsHost host) : IClassFixture<ContactsHost>
{
    [Fact]
    public async Task A_contact_written_in_french_national_form_is_stored_in_E164()
    {
        var she = await host.EnrolledBeneficiaryAsync();

        using var added = await she.Operator.SendAsync(AddContact(she.BeneficiaryId, "06 12 34 56 78"));

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("+33612345678", (await added.ReadJsonAsync())["phone"]!.GetValue<string>());
        using var read = await she.Operator.SendAsync(Read(she.BeneficiaryId));
        var contact = Assert.Single((await read.ReadJsonAsync())["contacts"]!.AsArray());
        Assert.Equal("+33612345678", contact!["phone"]!.GetValue<string>());
    }

    [Fact]
    public async Task Adding_a_contact_publishes_a_newer_snapshot_that_lists_her()
    {
        var published = await host.WatchAsync<ContactsChanged>();
        var she = await host.EnrolledBeneficiaryAsync();
        var (_, enrolment, _) = await published.FirstAsync(m => m.BeneficiaryId == she.BeneficiaryId);

        using var added = await she.Operator.SendAsync(AddContact(she.BeneficiaryId, "06 12 34 56 78", "Sœur", tier: 2, language: "en"));

        var contactId = (await added.ReadJsonAsync())["id"]!.GetValue<Guid>();
        var (messageId, snapshot, _) = await published.FirstAsync(m => m.BeneficiaryId == she.BeneficiaryId && m.Contacts.Count > 0);
        Assert.Equal(snapshot.EventId, messageId);
        Assert.True(snapshot.Version > enrolment.Version, $"version {snapshot.Version} should be newer than {enrolment.Version}");
        var contact = Assert.Single(snapshot.Contacts);
        Assert.Equal((contactId, "Sœur", "+33612345678", 2, "en"), (contact.ContactId, contact.Name, contact.Phone, contact.Tier, contact.Language));
        // Nobody is alerted before they accept.
        Assert.Equal(ContactConsent.Pending, contact.Consent);
        Assert.Equal([ContactChannel.Sms], contact.Channels!);
    }

    [Fact]
    public async Task An_invalid_phone_number_is_a_validation_problem_on_the_phone_field()
    {
        var she = await host.EnrolledBeneficiaryAsync();

        using var response = await she.Operator.SendAsync(AddContact(she.BeneficiaryId, "12"));

        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, "/problems/validation");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("phone"));
    }

    [Fact]
    public async Task A_phone_already_listed_is_a_conflict_problem()
    {
        var she = await host.EnrolledBeneficiaryAsync();
        using var first = await she.Operator.SendAsync(AddContact(she.BeneficiaryId, "+33 6 12 34 56 78", "Mère"));

        using var response = await she.Operator.SendAsync(AddContact(she.BeneficiaryId, "06 12 34 56 78", "Maman"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Conflict, "/problems/contact-phone-already-listed");
    }

    [Fact]
    public async Task An_eleventh_contact_is_a_conflict_problem()
    {
        var she = await host.EnrolledBeneficiaryAsync();
        for (var i = 0; i < 10; i++)
        {
            using var added = await she.Operator.SendAsync(AddContact(she.BeneficiaryId, $"06 12 34 56 {i:00}", $"Contact {i}"));
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        using var response = await she.Operator.SendAsync(AddContact(she.BeneficiaryId, "06 12 34 56 99", "Onzième"));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Conflict, "/problems/too-many-contacts");
    }

    [Fact]
    public async Task She_adds_a_contact_herself()
    {
        var she = await host.EnrolledBeneficiaryAsync();

        using var response = await she.She.SendAsync(host.ConfirmedByHerPin(AddContact(she.BeneficiaryId, "06 98 76 54 32", "Amie"), she,
            ProtectedAction.AddingAContact));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("+33698765432", (await response.ReadJsonAsync())["phone"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_operator_of_another_association_cannot_add_a_contact()
    {
        var she = await host.EnrolledBeneficiaryAsync();
        using var stranger = host.OperatorOf(Guid.CreateVersion7());

        using var response = await stranger.SendAsync(AddContact(she.BeneficiaryId, "06 12 34 56 78"));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound, "/problems/not-found");
        using var read = await she.Operator.SendAsync(Read(she.BeneficiaryId));
        Assert.Empty((await read.ReadJsonAsync())["contacts"]!.AsArray());
    }

    [Fact]
    public async Task Another_beneficiary_cannot_add_a_contact_to_her_list()
    {
        var she = await host.EnrolledBeneficiaryAsync();
        using var neighbour = host.ClientWithToken(host.Tokens.Beneficiary(she.AssociationId, Guid.CreateVersion7()));

        using var response = await neighbour.SendAsync(AddContact(she.BeneficiaryId, "06 12 34 56 78"));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound, "/problems/not-found");
    }

    [Fact]
    public async Task Contacts_added_at_the_same_moment_are_kept_or_refused_as_a_conflict_never_a_server_error()
    {
        // She may add a contact from her phone while her operator adds another: the loser of that race must learn it can retry.
        // Several rounds, so that the requests really overlap at least once (the window between load and commit is narrow).
        var outcomes = new List<(HttpStatusCode[] Statuses, int Listed)>();

        for (var round = 0; round < 5; round++)
        {
            var she = await host.EnrolledBeneficiaryAsync();
            var statuses = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i =>
            {
                using var response = await she.Operator.SendAsync(AddContact(she.BeneficiaryId, $"06 12 34 56 {i:00}", $"Contact {i}"));
                return response.StatusCode;
            }));
            using var read = await she.Operator.SendAsync(Read(she.BeneficiaryId));
            outcomes.Add((statuses, (await read.ReadJsonAsync())["contacts"]!.AsArray().Count));
        }

        Assert.All(outcomes.SelectMany(outcome => outcome.Statuses),
            status => Assert.Contains(status, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.All(outcomes, outcome => Assert.Equal(outcome.Statuses.Count(status => status == HttpStatusCode.Created), outcome.Listed));
    }
}
