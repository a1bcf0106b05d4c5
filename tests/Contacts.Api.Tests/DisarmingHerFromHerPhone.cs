using Platform.Contacts.Contracts;
using Platform.ServiceDefaults.Authentication;
using Platform.Testing;
using System.Net;
using System.Text.Json.Nodes;
using static Platform.Contacts.Api.Tests.BeneficiaryRequests;

namespace Platform.Contacts.Api.Tests;

/// <summary>
/// He holds her unlocked phone, signed in: nothing that takes protection away from her happens without her PIN, and her
/// duress PIN only makes it look done (alerts, which keeps her PINs, confirms it; see the end-to-end tests for that hop).
/// </summary>
public sealed class DisarmingHerFromHerPhone(ContactsHost host) : IClassFixture<ContactsHost>
{
    public static TheoryData<string> ProtectedChanges => ["remove", "add", "contactPhone", "herPhone"];

    [Theory]
    [MemberData(nameof(ProtectedChanges))]
    public async Task Removing_adding_or_renumbering_without_her_PIN_is_refused_and_nothing_changes(string change)
    {
        var she = await host.EnrolledBeneficiaryAsync();
        var contactId = await host.ConfirmedContactAsync(she);
        var before = await ReadAsync(she.Operator, she);

        using var response = await she.She.SendAsync(Request(change, she, contactId).Request);

        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.PreconditionRequired, PinConfirmations.RequiredProblem);
        Assert.Contains("/api/alerts/pin-confirmations", problem["detail"]!.GetValue<string>());
        Assert.Equal(Stable(before).ToJsonString(), Stable(await ReadAsync(she.Operator, she)).ToJsonString());
    }

    [Fact]
    public async Task A_confirmation_for_another_action_another_woman_or_a_forged_one_is_refused()
    {
        var she = await host.EnrolledBeneficiaryAsync();
        var other = await host.EnrolledBeneficiaryAsync();
        var contactId = await host.ConfirmedContactAsync(she);
        string[] confirmations =
        [
            host.Tokens.PinConfirmation(she.BeneficiaryId, ProtectedAction.AddingAContact),
            host.Tokens.PinConfirmation(other.BeneficiaryId, ProtectedAction.RemovingAContact),
            "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
            new string('a', 5000),
        ];

        foreach (var confirmation in confirmations)
        {
            using var request = RemoveContact(she.BeneficiaryId, contactId);
            request.Headers.TryAddWithoutValidation(PinConfirmations.Header, confirmation);
            using var response = await she.She.SendAsync(request);
            await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.PreconditionRequired, PinConfirmations.RequiredProblem);
        }
        Assert.Equal("confirmed", await ContactsHost.ConsentOfAsync(she, contactId));
    }

    [Fact]
    public async Task Her_operators_need_no_PIN()
    {
        var she = await host.EnrolledBeneficiaryAsync();
        var contactId = await host.ConfirmedContactAsync(she);

        using var response = await she.Operator.SendAsync(RemoveContact(she.BeneficiaryId, contactId));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(ProtectedChanges))]
    public async Task Her_duress_PIN_makes_a_change_look_done_to_her_phone_while_her_contacts_stay_as_they_are(string change)
    {
        var told = await host.WatchAsync<HerProtectionChanged>();
        var snapshots = await host.WatchAsync<ContactsChanged>();
        var real = await host.EnrolledBeneficiaryAsync();
        var realContact = await host.ConfirmedContactAsync(real);
        var forced = await host.EnrolledBeneficiaryAsync();
        var forcedContact = await host.ConfirmedContactAsync(forced);
        var (_, snapshotBefore, _) = await snapshots.FirstAsync(m => m.BeneficiaryId == forced.BeneficiaryId && m.Contacts.Count == 1
            && m.Contacts[0].Consent == ContactConsent.Confirmed);
        var truthBefore = await ReadAsync(forced.Operator, forced);

        var (realRequest, action) = Request(change, real, realContact);
        using var byHer = await real.She.SendAsync(host.ConfirmedByHerPin(realRequest, real, action));
        using var underDuress = await forced.She.SendAsync(host.ConfirmedByHerPin(Request(change, forced, forcedContact).Request, forced,
            action, duress: true));

        // Her phone is answered alike, then reads the same as if it had happened.
        Assert.Equal(byHer.StatusCode, underDuress.StatusCode);
        Assert.Equal(Masked(await byHer.Content.ReadAsStringAsync(), real), Masked(await underDuress.Content.ReadAsStringAsync(), forced));
        Assert.Equal(Masked((await ReadAsync(real.She, real)).ToJsonString(), real),
            Masked((await ReadAsync(forced.She, forced)).ToJsonString(), forced));
        // Who is alerted has not moved: the same contacts, the same numbers, no new snapshot, no change told as made.
        var truth = await ReadAsync(forced.Operator, forced);
        Assert.Equal(Stable(truthBefore)["contacts"]!.ToJsonString(), Stable(truth)["contacts"]!.ToJsonString());
        Assert.Equal(truthBefore["phone"]?.ToJsonString(), truth["phone"]?.ToJsonString());
        var line = Assert.Single(truth["changesFromHerApp"]!.AsArray())!;
        Assert.True(line["underDuress"]!.GetValue<bool>());
        await told.FirstAsync(m => m.BeneficiaryId == real.BeneficiaryId);
        Assert.DoesNotContain(told.All, m => m.Message.BeneficiaryId == forced.BeneficiaryId);
        Assert.DoesNotContain(snapshots.All, m => m.Message.BeneficiaryId == forced.BeneficiaryId && m.Message.Version > snapshotBefore.Version);
    }

    [Fact]
    public async Task A_press_made_to_do_less_from_her_app_lands_in_her_file_and_reaches_her_association_once()
    {
        var told = await host.WatchAsync<HerProtectionChanged>();
        var she = await host.EnrolledBeneficiaryAsync();
        var weakened = new Platform.Alerts.Contracts.HerPressPatternsWeakened(Guid.NewGuid(), DateTimeOffset.UtcNow, she.AssociationId,
            she.BeneficiaryId);

        await host.PublishAsync(weakened, weakened.EventId);
        await host.PublishAsync(weakened, weakened.EventId);

        var change = (await told.FirstAsync(m => m.BeneficiaryId == she.BeneficiaryId)).Message;
        Assert.Equal((ProtectionChange.PressPatternsWeakened, she.AssociationId), (change.Change, change.AssociationId));
        var line = await Eventually.ValueAsync(async () =>
        {
            var lines = (await ReadAsync(she.Operator, she))["changesFromHerApp"]!.AsArray();
            return (lines.Count > 0, lines);
        }, "the line in her file");
        Assert.Equal("pressPatternsWeakened", Assert.Single(line)!["change"]!.GetValue<string>());
        Assert.Single(told.All, m => m.Message.BeneficiaryId == she.BeneficiaryId);
    }

    /// <summary>One protection-reducing request of her app, and the action her PIN must confirm for it.</summary>
    private static (HttpRequestMessage Request, ProtectedAction Action) Request(string change, EnrolledBeneficiary she, Guid contactId) =>
        change switch
        {
            "remove" => (RemoveContact(she.BeneficiaryId, contactId), ProtectedAction.RemovingAContact),
            "add" => (AddContact(she.BeneficiaryId, "06 98 76 54 32", "Lui"), ProtectedAction.AddingAContact),
            "contactPhone" => (ChangeContactPhone(she.BeneficiaryId, contactId, "06 98 76 54 32"), ProtectedAction.ChangingAContactsPhone),
            _ => (ChangeProfile(she.BeneficiaryId, "06 98 76 54 32", null), ProtectedAction.ChangingHerPhone),
        };

    private static async Task<JsonObject> ReadAsync(HttpClient client, EnrolledBeneficiary she)
    {
        using var read = await client.SendAsync(Read(she.BeneficiaryId));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        return await read.ReadJsonAsync();
    }

    /// <summary>Her state without what changes on its own (her operators' notes).</summary>
    private static JsonObject Stable(JsonObject view)
    {
        var copy = view.DeepClone().AsObject();
        copy.Remove("changesFromHerApp");
        return copy;
    }

    /// <summary>Two women's answers compared: their own ids and the times aside, every byte must match.</summary>
    private static string Masked(string json, EnrolledBeneficiary she) => System.Text.RegularExpressions.Regex.Replace(
        System.Text.RegularExpressions.Regex.Replace(
            json.Replace(she.BeneficiaryId.ToString(), "<her>", StringComparison.Ordinal).Replace(she.AssociationId.ToString(), "<association>",
                StringComparison.Ordinal),
            "[0-9a-f]{8}-[0-9a-f-]{27}", "<id>"), @"\d{4}-\d{2}-\d{2}T[0-9:.]+(Z|[+-]\d{2}:\d{2}|\\u002B\d{2}:\d{2})", "<date>");
}
