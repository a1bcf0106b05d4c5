using Json.Schema;
using Platform.Alerts.Contracts;
using Platform.Contacts.Contracts;
using Platform.Devices.Contracts;
using Platform.Evidence.Contracts;
using Platform.Notifications.Api.Webhooks;
using Platform.Testing;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Platform.Notifications.Tests;

/// <summary>
/// The JSON Schemas in docs/webhooks/schemas are what associations build their receivers against: the bodies the code
/// produces must match them, and a leaked field must fail them.
/// </summary>
public sealed partial class DescribingWebhookPayloads
{
    private const string SchemaIdBase = "https://alert-platform.example/webhooks/v1/";
    private static readonly string SchemaDirectory = Path.Combine(Repository.Root, "docs", "webhooks", "schemas");

    // Formats are only annotations in 2020-12 unless asked for: a timestamp or an id in the wrong form must fail too.
    private static readonly EvaluationOptions Strict = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private static readonly Lazy<IReadOnlyDictionary<string, JsonSchema>> Schemas = new(() => SchemaFiles.ToDictionary(TypeOf,
        path => JsonSchema.FromText(File.ReadAllText(path))));

    private static readonly Guid Association = Guid.Parse("5b0e6a51-3d1c-4f7e-9a43-0c2b8e6f1d27");
    private static readonly Guid Alert = Guid.Parse("0193f1c2-7a4e-7c1d-8b2f-4e6a9d3c5b10");
    private static readonly Guid Beneficiary = Guid.Parse("8f2d4c6a-1b3e-4a5f-9c7d-2e4f6a8b0c1d");
    private static readonly Guid Device = Guid.Parse("3c5e7a9b-2d4f-4b6a-8c0e-1f3a5c7e9b2d");
    private static readonly Guid Contact = Guid.Parse("6a8c0e2f-4b6d-4f8a-9c1e-3a5c7e9f1b3d");
    private static readonly Guid Operator = Guid.Parse("9e1f3a5c-7b9d-4d1f-8a3c-5e7a9c1e3f5a");
    // Ticks below the millisecond, as TimeProvider gives them: the date-time format must accept the 7 digits we write.
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 11, 26, 21, 4, 7, TimeSpan.Zero).AddTicks(1_234_567);
    private static readonly AlertLocation AtTheStation = new(48.844_304, 2.374_377, 18.5, At.AddSeconds(-3));

    private static readonly AlertTriggered Triggered = new(Guid.NewGuid(), At, Association, Alert, Beneficiary, Device,
        PressPattern.SingleClick, AtTheStation);
    private static readonly AlertAcknowledged Acknowledged = new(Guid.NewGuid(), At.AddSeconds(95), Association, Alert, Contact,
        ResponderKind.Contact);
    private static readonly AlertEscalated Escalated = new(Guid.NewGuid(), At.AddSeconds(120), Association, Alert, Beneficiary, 3,
        [new(EscalationAudience.OnCall, EscalationChannel.Sms), new(EscalationAudience.OnCall, EscalationChannel.Voice)],
        false, AlertSource.Button, AtTheStation);
    private static readonly AlertUnanswered Unanswered = new(Guid.NewGuid(), At.AddMinutes(10), Association, Alert, Beneficiary,
        UnansweredReason.NoOperatorAnswered, AtTheStation);
    private static readonly AlertDuressRaised Duress = new(Guid.NewGuid(), At.AddSeconds(40), Association, Alert,
        DuressReason.DuressPin);
    private static readonly BeneficiaryDuressRaised HerDuress = new(Guid.NewGuid(), At.AddSeconds(50), Association, Beneficiary,
        DuressReason.WrongPinsExceeded, PinAction.CheckingIn);
    private static readonly HerProtectionChanged ProtectionChanged = new(Guid.NewGuid(), At.AddSeconds(55), Association, Beneficiary,
        ProtectionChange.ContactRemoved, Contact);
    private static readonly AlertResolved Resolved = new(Guid.NewGuid(), At.AddMinutes(25), Association, Alert, Operator,
        AlertOutcome.Safe);
    private static readonly ContactConsentChanged ConsentChanged = new(Guid.NewGuid(), At, Association, Beneficiary, Contact,
        ContactConsent.Confirmed);

    private static readonly Platform.Notifications.Contracts.NotificationProviderUnreachable Unreachable = new(Guid.NewGuid(), At.AddSeconds(70),
        Association, Alert, Contact, Platform.Notifications.Contracts.NotificationChannel.Sms, 1, At.AddSeconds(5), 6);

    private static readonly EvidenceSealed Sealed = new(Guid.NewGuid(), At.AddMinutes(12), Association, Alert,
        Guid.Parse("2d4f6a8c-0e1f-4a3c-9e5b-7d9f1b3d5f7a"), At.AddSeconds(2), At.AddMinutes(12), 48, 1_572_864,
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "kR3y7vQ2mX9pL4tW8sN1bA", Complete: true);

    /// <summary>Every shape each type takes: optional fields present and absent.</summary>
    private static readonly IReadOnlyList<WebhookEvent> Samples =
    [
        WebhookPayloads.From(Triggered),
        WebhookPayloads.From(Triggered with
        {
            PressPattern = PressPattern.LongPress, Source = AlertSource.App, Response = AlertResponse.CallMeWithAnExcuse,
        }),
        WebhookPayloads.From(new AlertLocationUpdated(Guid.NewGuid(), At.AddSeconds(30), Association, Alert,
            new AlertLocation(-33.868_82, -151.209_29, 0, At.AddSeconds(29)))),
        WebhookPayloads.From(Acknowledged),
        WebhookPayloads.From(Escalated),
        WebhookPayloads.From(Escalated with
        {
            Step = 2, Priority = true, Reach = [new(EscalationAudience.FirstTier, EscalationChannel.Voice)],
        }),
        WebhookPayloads.From(Duress),
        WebhookPayloads.From(Unanswered),
        WebhookPayloads.From(new AlertCancelled(Guid.NewGuid(), At.AddSeconds(40), Association, Alert, Beneficiary)),
        WebhookPayloads.From(HerDuress),
        WebhookPayloads.From(ProtectionChanged),
        WebhookPayloads.From(ProtectionChanged with { Change = ProtectionChange.HerPhoneChanged, ContactId = null }),
        WebhookPayloads.From(Resolved),
        WebhookPayloads.From(new DeviceBatteryLow(Guid.NewGuid(), At, Association, Device, Beneficiary, 12, 64)),
        WebhookPayloads.From(new DeviceBatteryLow(Guid.NewGuid(), At, Association, Device, null, 100, null)),
        WebhookPayloads.From(new DeviceWentSilent(Guid.NewGuid(), At, Association, Device, Beneficiary, At.AddHours(-26))),
        WebhookPayloads.From(new DeviceWentSilent(Guid.NewGuid(), At, Association, Device, null, At.AddHours(-26))),
        WebhookPayloads.From(new DeviceLinkLost(Guid.NewGuid(), At, Association, Device, Beneficiary, At.AddMinutes(-10))),
        WebhookPayloads.From(new Platform.Identity.Contracts.AppSessionsRevoked(Guid.NewGuid(), At, Association, Beneficiary,
            Platform.Identity.Contracts.AppSessionsRevokedReason.RefreshTokenReused, 1)),
        WebhookPayloads.From(new Platform.Identity.Contracts.AppSessionsRevoked(Guid.NewGuid(), At, Association, Beneficiary,
            Platform.Identity.Contracts.AppSessionsRevokedReason.PhoneSeized, 0)),
        WebhookPayloads.From(ConsentChanged),
        WebhookPayloads.From(new RosterGapAhead(Guid.NewGuid(), At, Association, At.AddHours(6), At.AddHours(9), "Europe/Paris")),
        WebhookPayloads.From(Unreachable),
        WebhookPayloads.From(Sealed),
        WebhookPayloads.From(Sealed with { Chunks = 0, Bytes = 0, Complete = false }),
        WebhookPayloads.From(new EvidenceErasureRequested(Guid.NewGuid(), At, Association, Beneficiary, Guid.NewGuid(), At.AddHours(72))),
    ];

    /// <summary>Each enum a payload carries, rendered once per member, against the schema's list of names.</summary>
    private static readonly IReadOnlyDictionary<string, EnumField> EnumFields = new[]
    {
        Field<PressPattern>("pressPattern", value => WebhookPayloads.From(Triggered with { PressPattern = value })),
        Field<AlertSource>("source", value => WebhookPayloads.From(Triggered with { Source = value })),
        Field<AlertResponse>("response", value => WebhookPayloads.From(Triggered with { Response = value })),
        Field<ResponderKind>("responderKind", value => WebhookPayloads.From(Acknowledged with { ResponderKind = value })),
        Field<EscalationAudience>("reach/items/properties/audience",
            value => WebhookPayloads.From(Escalated with { Reach = [new(value, EscalationChannel.Sms)] })),
        Field<EscalationChannel>("reach/items/properties/channel",
            value => WebhookPayloads.From(Escalated with { Reach = [new(EscalationAudience.FirstTier, value)] })),
        Field<DuressReason>("reason", value => WebhookPayloads.From(Duress with { Reason = value })),
        Field<UnansweredReason>("reason", value => WebhookPayloads.From(Unanswered with { Reason = value })),
        Field<ProtectionChange>("change", value => WebhookPayloads.From(ProtectionChanged with { Change = value })),
        Field<PinAction>("action", value => WebhookPayloads.From(HerDuress with { Action = value })),
        Field<AlertOutcome>("outcome", value => WebhookPayloads.From(Resolved with { Outcome = value })),
        Field<ContactConsent>("consent", value => WebhookPayloads.From(ConsentChanged with { Consent = value })),
        Field<Platform.Notifications.Contracts.NotificationChannel>("channel",
            value => WebhookPayloads.From(Unreachable with { Channel = value })),
    }.ToDictionary(field => field.Name);

    // Words of a property name that would mean a secret or her identity had leaked into a payload.
    private static readonly HashSet<string> ForbiddenWords = ["pin", "pins", "phone", "phones", "message", "messages"];

    // Her phone's battery level, not her number: the one name with a forbidden word in it that says nothing about her.
    private static readonly HashSet<string> HarmlessNames = ["phoneBatteryPercent"];

    public static TheoryData<string> EmittedTypes => [.. WebhookEventTypes.All];

    /// <summary>Every type about one alert: each carries its id.</summary>
    public static TheoryData<string> AlertTypes =>
    [
        .. WebhookEventTypes.All.Where(type => type.StartsWith("alert.", StringComparison.Ordinal)), WebhookEventTypes.EvidenceSealed,
    ];

    public static TheoryData<string> EnumeratedFields => [.. EnumFields.Keys];

    [Theory]
    [MemberData(nameof(EmittedTypes))]
    public void Every_body_the_code_produces_matches_its_schema(string type)
    {
        var bodies = Samples.Where(sample => sample.Type == type).Select(sample => sample.Body()).ToList();

        Assert.NotEmpty(bodies);
        foreach (var body in bodies)
        {
            AssertValid(type, body);
        }
    }

    [Theory]
    [MemberData(nameof(EnumeratedFields))]
    public void Every_member_of_an_enum_matches_its_schema_and_the_schema_names_no_other(string name)
    {
        var field = EnumFields[name];

        foreach (var rendered in field.Render())
        {
            AssertValid(rendered.Type, rendered.Body());
        }
        // Every member validates, so an equal count means the schema lists exactly the members' names.
        var listed = SchemaNode(field.Render()[0].Type, field.SchemaPointer + "/enum").AsArray();
        Assert.Equal(field.MemberCount, listed.Count);
    }

    [Fact]
    public void Every_event_type_has_a_schema()
    {
        foreach (var type in WebhookEventTypes.All)
        {
            Assert.True(File.Exists(SchemaPath(type)), $"{type} has no schema: docs/webhooks/schemas/{type}.schema.json is missing.");
        }
    }

    [Fact]
    public void Every_schema_names_a_known_event_type_in_its_file_name_its_id_and_its_type()
    {
        foreach (var path in SchemaFiles)
        {
            var type = TypeOf(path);
            var schema = JsonNode.Parse(File.ReadAllText(path))!;

            Assert.Contains(type, WebhookEventTypes.All);
            Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string?)schema["$schema"]);
            Assert.Equal($"{SchemaIdBase}{type}.schema.json", (string?)schema["$id"]);
            Assert.Equal(type, (string?)schema["properties"]!["type"]!["const"]);
        }
    }

    [Theory]
    [MemberData(nameof(EmittedTypes))]
    public void A_body_with_a_phone_number_in_its_data_fails(string type)
    {
        var body = JsonNode.Parse(Samples.First(sample => sample.Type == type).Body())!;
        body["data"]!["phone"] = "+33612345678";

        var results = Evaluate(type, body.ToJsonString());

        Assert.False(results.IsValid, $"{type} accepted a phone number: {body.ToJsonString()}");
        Assert.Contains(Nodes(results), node => node.InstanceLocation.ToString() == "/data/phone" && node.Errors is { Count: > 0 });
    }

    [Theory]
    [MemberData(nameof(AlertTypes))]
    public void An_alert_body_without_its_alert_id_fails(string type)
    {
        var body = JsonNode.Parse(Samples.First(sample => sample.Type == type).Body())!;
        body["data"]!.AsObject().Remove("alertId");

        var results = Evaluate(type, body.ToJsonString());

        Assert.False(results.IsValid, $"{type} accepted a body without alertId: {body.ToJsonString()}");
        Assert.Contains("alertId", Describe(results), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08")]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015")]
    [InlineData("sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    public void A_sealed_recording_whose_manifest_hash_is_not_lowercase_hex_sha256_fails(string manifestSha256)
    {
        // Receivers compare it byte for byte with sha256sum's output: any other spelling would never match.
        var body = WebhookPayloads.From(Sealed with { ManifestSha256 = manifestSha256 }).Body();

        var results = Evaluate(WebhookEventTypes.EvidenceSealed, body);

        Assert.False(results.IsValid, $"evidence.sealed accepted {manifestSha256}");
        Assert.Contains("/data/manifestSha256", Describe(results), StringComparison.Ordinal);
    }

    [Fact]
    public void No_body_names_a_property_after_a_pin_a_phone_or_a_message()
    {
        var leaks = Samples
            .SelectMany(sample => PropertyNames(JsonNode.Parse(sample.Body())).Select(name => (sample.Type, Name: name)))
            .Where(property => Leaks(property.Name))
            .Select(property => $"{property.Type}: {property.Name}")
            .ToList();

        Assert.Empty(leaks);
    }

    [Fact]
    public void No_schema_allows_a_property_named_after_a_pin_a_phone_or_a_message()
    {
        var leaks = SchemaFiles
            .SelectMany(path => DeclaredProperties(JsonNode.Parse(File.ReadAllText(path)))
                .Select(name => (Type: TypeOf(path), Name: name)))
            .Where(property => Leaks(property.Name))
            .Select(property => $"{property.Type}: {property.Name}")
            .ToList();

        Assert.Empty(leaks);
    }

    private static void AssertValid(string type, string body)
    {
        var results = Evaluate(type, body);
        Assert.True(results.IsValid, $"{type} does not match its schema:\n{Describe(results)}\nbody: {body}");
    }

    private static EvaluationResults Evaluate(string type, string body)
    {
        Assert.True(Schemas.Value.TryGetValue(type, out var schema), $"{type} has no schema.");
        // A parsed copy, not a JsonDocument to dispose: the results may still point into it when they are described.
        return schema.Evaluate(JsonSerializer.Deserialize<JsonElement>(body), Strict);
    }

    private static string Describe(EvaluationResults results)
    {
        var text = new StringBuilder();
        foreach (var node in Nodes(results))
        {
            foreach (var (keyword, error) in node.Errors ?? new Dictionary<string, string>())
            {
                // A false subschema (additionalProperties: false) fails under an empty keyword.
                var rule = keyword.Length > 0 ? $" {keyword}" : "";
                text.AppendLine($"  at {node.InstanceLocation} ({node.EvaluationPath}){rule}: {error}");
            }
        }
        return text.ToString();
    }

    // The list format flattens every subschema's result into the root's Details.
    private static IEnumerable<EvaluationResults> Nodes(EvaluationResults results) => (results.Details ?? []).Prepend(results);

    private static JsonNode SchemaNode(string type, string pointer) =>
        pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate(JsonNode.Parse(File.ReadAllText(SchemaPath(type)))!,
            (node, segment) => node[segment] ?? throw new InvalidOperationException($"{type}'s schema has nothing at {pointer}."));

    private static bool Leaks(string name) =>
        !HarmlessNames.Contains(name) && Words(name).Any(ForbiddenWords.Contains);

    private static IEnumerable<string> Words(string camelCase) =>
        WordStart().Split(camelCase).Select(word => word.ToLowerInvariant());

    private static IEnumerable<string> PropertyNames(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(property => PropertyNames(property.Value).Prepend(property.Key)),
        JsonArray array => array.SelectMany(PropertyNames),
        _ => [],
    };

    /// <summary>The names a schema lets a body carry: the keys of every "properties" keyword, however deep.</summary>
    private static IEnumerable<string> DeclaredProperties(JsonNode? schema) => schema switch
    {
        JsonObject obj => obj.SelectMany(keyword => keyword.Key == "properties" && keyword.Value is JsonObject properties
            ? properties.SelectMany(property => DeclaredProperties(property.Value).Prepend(property.Key))
            : DeclaredProperties(keyword.Value)),
        JsonArray array => array.SelectMany(DeclaredProperties),
        _ => [],
    };

    private static string[] SchemaFiles => Directory.GetFiles(SchemaDirectory, "*.schema.json");

    private static string SchemaPath(string type) => Path.Combine(SchemaDirectory, $"{type}.schema.json");

    private static string TypeOf(string schemaPath) => Path.GetFileName(schemaPath)[..^".schema.json".Length];

    private static EnumField Field<T>(string pointerInData, Func<T, WebhookEvent> render) where T : struct, Enum =>
        new(typeof(T).Name, $"/properties/data/properties/{pointerInData}", Enum.GetValues<T>().Length,
            () => [.. Enum.GetValues<T>().Select(render)]);

    private sealed record EnumField(string Name, string SchemaPointer, int MemberCount, Func<IReadOnlyList<WebhookEvent>> Render);

    [GeneratedRegex("(?<=[a-z0-9])(?=[A-Z])")]
    private static partial Regex WordStart();
}
