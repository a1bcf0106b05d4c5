using Platform.Testing;
using System.Net;
using System.Net.Http.Json;
using static Platform.Contacts.Api.Tests.BeneficiaryRequests;
using static Platform.Contacts.Api.Tests.RosterRequests;

namespace Platform.Contacts.Api.Tests;

/// <summary>
/// Every contacts endpoint, called by everyone who must not reach her: nobody (401), an operator of another
/// association and another beneficiary (404 for her data, 403 where the role may never act), and never a word of her
/// data in the answer.
/// </summary>
public sealed class AccessMatrix(ContactsHost host) : IClassFixture<ContactsHost>, IAsyncLifetime
{
    private const string HerName = "Zélie Secret";
    private const string HerPhone = "+33611223344";
    private const string HerMessage = "Message secret de Zélie.";
    private const string ContactName = "Contact Secret";
    private const string ContactPhone = "+33655667788";
    private const string OnCallName = "Astreinte Secrète";
    private const string OnCallPhone = "+33644332211";
    private static readonly string[] HerData = [HerName, "Zélie", HerPhone, HerMessage, ContactName, ContactPhone, OnCallName, OnCallPhone,
        "0611223344", "0655667788"];

    private Guid _associationId;
    private Guid _beneficiaryId;
    private Guid _contactId;

    public async Task InitializeAsync()
    {
        _associationId = Guid.CreateVersion7();
        using var @operator = host.OperatorOf(_associationId);
        using var enrolled = await @operator.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/beneficiaries")
        {
            Content = JsonContent.Create(new { displayName = HerName, language = "fr", alertMessage = HerMessage, phone = HerPhone }),
        });
        Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);
        _beneficiaryId = (await enrolled.ReadJsonAsync())["id"]!.GetValue<Guid>();
        using var added = await @operator.SendAsync(AddContact(_beneficiaryId, ContactPhone, ContactName));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        _contactId = (await added.ReadJsonAsync())["id"]!.GetValue<Guid>();
        using var roster = await @operator.SendAsync(ReplaceRoster(Member(Guid.CreateVersion7(), OnCallName, OnCallPhone,
            Shift("monday", "00:00", "12:00"))));
        Assert.Equal(HttpStatusCode.OK, roster.StatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Every endpoint the service serves, aimed at her and her association.</summary>
    private IEnumerable<(string Name, Func<HttpRequestMessage> Request, bool BeneficiaryEndpoint)> Endpoints() =>
    [
        ("enrol", () => Enrol("Autre"), false),
        ("read her", () => Read(_beneficiaryId), true),
        ("write her message", () => WriteAlertMessage(_beneficiaryId, "Réécrit."), true),
        ("change her profile", () => ChangeProfile(_beneficiaryId, "06 00 00 00 01", true), true),
        ("add her a contact", () => AddContact(_beneficiaryId, "06 00 00 00 02", "Intrus"), true),
        ("change her contact's phone", () => ChangeContactPhone(_beneficiaryId, _contactId, "06 00 00 00 03"), true),
        ("remove her contact", () => RemoveContact(_beneficiaryId, _contactId), true),
        ("replace a roster", () => ReplaceRoster(Member(Guid.CreateVersion7(), "Intrus", "06 00 00 00 04", Shift("monday", "00:00", "12:00"))), false),
        ("read her association's roster", () => ReadRoster(_associationId), false),
        ("on call in her association", () => OnCall(associationId: _associationId), false),
        ("readiness", Readiness, false),
    ];

    [Fact]
    public async Task Without_a_token_every_endpoint_is_unauthorized()
    {
        var failures = new List<string>();
        using var anonymous = host.CreateClient();
        foreach (var (name, request, _) in Endpoints())
        {
            using var response = await anonymous.SendAsync(request());
            await Check(failures, name, response, HttpStatusCode.Unauthorized);
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        await AssertSheIsUnchangedAsync();
    }

    [Fact]
    public async Task An_operator_of_another_association_finds_nothing_of_hers()
    {
        var failures = new List<string>();
        using var stranger = host.OperatorOf(Guid.CreateVersion7());
        foreach (var (name, request, beneficiaryEndpoint) in Endpoints())
        {
            using var response = await stranger.SendAsync(request());
            // Enrolling, replacing and reading readiness act on the stranger's own association: allowed, but about them.
            var expected = beneficiaryEndpoint || name.Contains("her association", StringComparison.Ordinal)
                ? HttpStatusCode.NotFound
                : name == "enrol" ? HttpStatusCode.Created : HttpStatusCode.OK;
            await Check(failures, name, response, expected);
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        await AssertSheIsUnchangedAsync();
    }

    [Fact]
    public async Task Another_beneficiary_of_her_association_finds_nothing_of_hers()
    {
        var failures = new List<string>();
        using var neighbour = host.ClientWithToken(host.Tokens.Beneficiary(_associationId, Guid.CreateVersion7()));
        foreach (var (name, request, beneficiaryEndpoint) in Endpoints())
        {
            using var response = await neighbour.SendAsync(request());
            await Check(failures, name, response, beneficiaryEndpoint ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden);
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        await AssertSheIsUnchangedAsync();
    }

    [Fact]
    public async Task The_admin_reads_rosters_but_neither_her_profile_nor_her_contacts()
    {
        var failures = new List<string>();
        using var admin = host.ClientWithToken(host.Tokens.Admin());
        foreach (var (name, request, beneficiaryEndpoint) in Endpoints())
        {
            using var response = await admin.SendAsync(request());
            if (beneficiaryEndpoint || name is "enrol" or "replace a roster")
            {
                await Check(failures, name, response, HttpStatusCode.Forbidden);
            }
            else if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{name}: {(int)response.StatusCode}, expected 200");
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        await AssertSheIsUnchangedAsync();
    }

    private static async Task Check(List<string> failures, string name, HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            failures.Add($"{name}: {(int)response.StatusCode}, expected {(int)expected}");
        }
        foreach (var leaked in HerData.Where(data => body.Contains(data, StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add($"{name}: the answer contains \"{leaked}\"");
        }
    }

    private async Task AssertSheIsUnchangedAsync()
    {
        using var @operator = host.OperatorOf(_associationId);
        using var read = await @operator.SendAsync(Read(_beneficiaryId));
        var she = await read.ReadJsonAsync();
        Assert.Equal((HerMessage, HerPhone, false), (she["alertMessage"]!.GetValue<string>(), she["phone"]!.GetValue<string>(),
            she["neutralWording"]!.GetValue<bool>()));
        var contact = Assert.Single(she["contacts"]!.AsArray());
        Assert.Equal((_contactId, ContactPhone), (contact!["id"]!.GetValue<Guid>(), contact["phone"]!.GetValue<string>()));
        using var roster = await @operator.SendAsync(ReadRoster());
        Assert.Equal(OnCallName, Assert.Single((await roster.ReadJsonAsync())["members"]!.AsArray())!["name"]!.GetValue<string>());
    }
}
