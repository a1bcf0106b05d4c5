using Platform.ServiceDefaults.Authentication;
using Platform.Contacts.Contracts;
using Platform.Testing;
using System.Net;
using static Platform.Contacts.Api.Tests.BeneficiaryRequests;

namespace Platform.Contacts.Api.Tests;

public sealed class ChangingHerProfile(ContactsHost host) : IClassFixture<ContactsHost>
{
    [Fact]
    public async Task She_gives_her_phone_and_chooses_neutral_wording_and_the_snapshot_carries_both()
    {
        var snapshots = await host.WatchAsync<ContactsChanged>();
        var she = await host.EnrolledBeneficiaryAsync();

        using var response = await she.She.SendAsync(host.ConfirmedByHerPin(ChangeProfile(she.BeneficiaryId, "06 12 34 56 78", true), she,
            ProtectedAction.ChangingHerPhone));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var profile = await response.ReadJsonAsync();
        Assert.Equal(("+33612345678", true), (profile["phone"]!.GetValue<string>(), profile["neutralWording"]!.GetValue<bool>()));
        await snapshots.FirstAsync(m => m.BeneficiaryId == she.BeneficiaryId && m.BeneficiaryPhone == "+33612345678" && m.NeutralWording);
    }

    [Fact]
    public async Task A_contact_added_under_neutral_wording_is_asked_in_neutral_wording()
    {
        var requested = await host.WatchAsync<ContactConsentRequested>();
        var she = await host.EnrolledBeneficiaryAsync();
        using var changed = await she.Operator.SendAsync(ChangeProfile(she.BeneficiaryId, null, true));

        var contactId = await ContactsHost.AddContactAsync(she);

        var (_, request, _) = await requested.FirstAsync(m => m.ContactId == contactId);
        Assert.True(request.NeutralWording);
    }

    [Fact]
    public async Task An_invalid_phone_of_hers_is_a_validation_problem()
    {
        var she = await host.EnrolledBeneficiaryAsync();

        using var response = await she.She.SendAsync(ChangeProfile(she.BeneficiaryId, "12", null));

        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, "/problems/validation");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("phone"));
    }

    [Fact]
    public async Task A_message_too_long_for_two_sms_is_refused_with_how_many_characters_are_over()
    {
        var she = await host.EnrolledBeneficiaryAsync();

        using var response = await she.She.SendAsync(WriteAlertMessage(she.BeneficiaryId, new string('m', 90)));

        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, "/problems/validation");
        Assert.StartsWith("4 characters too long", problem["errors"]!["alertMessage"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Her_profile_says_how_many_characters_her_message_may_still_grow_by()
    {
        var she = await host.EnrolledBeneficiaryAsync();

        using var response = await she.She.SendAsync(WriteAlertMessage(she.BeneficiaryId, new string('m', 85)));

        Assert.Equal(1, (await response.ReadJsonAsync())["alertMessageRoomLeft"]!.GetValue<int>());
    }

    [Fact]
    public async Task Under_neutral_wording_a_message_mentioning_danger_is_refused()
    {
        var she = await host.EnrolledBeneficiaryAsync();
        using var changed = await she.She.SendAsync(ChangeProfile(she.BeneficiaryId, null, true));

        using var response = await she.She.SendAsync(WriteAlertMessage(she.BeneficiaryId, "Je suis en danger, viens."));

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, "/problems/validation");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("alertMessage"));
    }
}
