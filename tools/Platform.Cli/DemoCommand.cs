using Platform.ServiceDefaults.Authentication;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Cli;

/// <summary>
/// One press, from the button to her contacts' phones, through the gateway only, as the apps would do it.
/// Ends with one PASS or FAIL line.
/// </summary>
public static class DemoCommand
{
    private static readonly TimeSpan PropagationTimeout = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const string AlertMessage = "C'est Camille. Je suis en danger, appelez-moi ou venez vite. N'appelez pas mon mari.";

    public static async Task<int> RunAsync(CommandLine options)
    {
        using var gateway = new HttpClient { BaseAddress = new Uri(options.Required("gateway")), Timeout = TimeSpan.FromSeconds(15) };
        using var sandbox = new HttpClient { BaseAddress = new Uri(options.Required("sandbox")), Timeout = TimeSpan.FromSeconds(15) };
        try
        {
            return await RunScenarioAsync(gateway, sandbox) ? Pass() : Fail("see above");
        }
        catch (Exception failure) when (failure is HttpRequestException or DemoFailedException or TaskCanceledException)
        {
            return Fail(failure.Message);
        }
    }

    private static async Task<bool> RunScenarioAsync(HttpClient gateway, HttpClient sandbox)
    {
        // Staff tokens from the identity service's development client (staff sign in with a second factor in real life).
        string Token(string role, Guid? association, Guid subject, IReadOnlyList<string>? rights = null) =>
            DevelopmentTokenClient.Request(gateway, gateway.BaseAddress!, role, association, subject, rights, lifetimeMinutes: 15);

        var association = Guid.CreateVersion7();
        var admin = Token(PlatformRoles.Admin, null, Guid.CreateVersion7());
        var @operator = Token(PlatformRoles.Operator, association, Guid.CreateVersion7());
        var serial = $"BTN-{Random.Shared.Next(0x100000, 0xFFFFFF):X6}";
        var contactPhones = new[] { RandomFrenchMobile(), RandomFrenchMobile() };

        Console.WriteLine($"Gateway {gateway.BaseAddress}; association {association}");
        using (var registration = new HttpRequestMessage(HttpMethod.Put, $"/api/devices/associations/{association}"))
        {
            registration.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            registration.Content = JsonContent.Create(new { code = $"DEMO-{Random.Shared.Next(0x10000, 0xFFFFF):X5}", name = "Association de démonstration" },
                options: Json);
            using var registered = await gateway.SendAsync(registration);
            registered.EnsureSuccessStatusCode();
        }
        var device = await SendAsync(gateway, HttpMethod.Post, "/api/devices", admin,
            new { serial, model = "Bluetooth alert button", associationId = association }, HttpStatusCode.Created);
        var deviceId = device["id"]!.GetValue<Guid>();
        Console.WriteLine($"1. admin provisions button {serial} for the association -> device {deviceId}");

        var beneficiary = await SendAsync(gateway, HttpMethod.Post, "/api/beneficiaries", @operator, new
        {
            displayName = "Camille",
            language = "fr",
            alertMessage = AlertMessage,
        }, HttpStatusCode.Created);
        var beneficiaryId = beneficiary["id"]!.GetValue<Guid>();
        Console.WriteLine($"2. operator enrols Camille (beneficiary {beneficiaryId}) with her alert message");
        await SendAsync(gateway, HttpMethod.Post, $"/api/beneficiaries/{beneficiaryId}/contacts", @operator,
            new { name = "Sophie (soeur)", phone = contactPhones[0], tier = 1 }, HttpStatusCode.Created);
        await SendAsync(gateway, HttpMethod.Post, $"/api/beneficiaries/{beneficiaryId}/contacts", @operator,
            new { name = "Karim (ami)", phone = contactPhones[1], tier = 1, language = "en" }, HttpStatusCode.Created);
        Console.WriteLine($"   adds two contacts: {Mask(contactPhones[0])}, {Mask(contactPhones[1])}");

        // Nobody is alerted before accepting: each contact gets the consent SMS and answers OUI (the sandbox plays their phones).
        foreach (var phone in contactPhones)
        {
            var request = await WaitForAsync(async () => (await SandboxMessagesAsync(sandbox, phone)).FirstOrDefault(), "the consent SMS");
            Console.WriteLine($"   {Mask(phone)} receives: \"{request["body"]}\" and answers OUI");
            using var reply = await sandbox.PostAsJsonAsync("/sandbox/inbound-sms", new { from = phone, to = "+33757000000", body = "OUI" });
            reply.EnsureSuccessStatusCode();
        }
        await WaitForAsync(async () =>
        {
            var profile = await SendAsync(gateway, HttpMethod.Get, $"/api/beneficiaries/{beneficiaryId}", @operator, null, HttpStatusCode.OK);
            var contacts = profile["contacts"]!.AsArray();
            return contacts.All(c => c!["consent"]!.GetValue<string>() == "confirmed") ? contacts : null;
        }, "both contacts to be confirmed");
        Console.WriteLine("   both contacts are confirmed");

        // Each service learns of the enrolment and the pairing from events: retry while they travel.
        await RetryWhileAsync(HttpStatusCode.UnprocessableEntity, () => SendAsync(gateway, HttpMethod.Post,
            $"/api/devices/{deviceId}/pairing", @operator, new { beneficiaryId }, HttpStatusCode.OK));
        Console.WriteLine("3. operator pairs the button to Camille");

        // Her app is enrolled as a real one is: her association hands her a one-time code, her app exchanges it for tokens.
        var activation = await RetryWhileAsync(HttpStatusCode.NotFound, () => SendAsync(gateway, HttpMethod.Post,
            $"/api/identity/beneficiaries/{beneficiaryId}/activation-codes", @operator, null, HttpStatusCode.OK));
        var she = await HerApp.ActivateAsync(gateway, activation["code"]!.GetValue<string>());
        Console.WriteLine($"   her app is enrolled with the one-time code {activation["code"]} (valid until {activation["expiresAt"]})");
        var pressId = $"press-{Guid.NewGuid():N}";
        var press = new
        {
            deviceId,
            pressPattern = "doubleClick",
            location = new { latitude = 45.77722, longitude = 3.08703, accuracyMeters = 12, capturedAt = DateTimeOffset.UtcNow },
        };
        var pressedAt = DateTimeOffset.UtcNow;
        var accepted = await RetryWhileAsync(HttpStatusCode.UnprocessableEntity, async () =>
        {
            pressedAt = DateTimeOffset.UtcNow;
            return await SendAsync(gateway, HttpMethod.Post, "/api/alerts", she, press, HttpStatusCode.Accepted, pressId);
        });
        var alertId = accepted["alertId"]!.GetValue<Guid>();
        Console.WriteLine($"4. she presses her button (double click) -> 202, alert {alertId}");

        var messages = await WaitForAsync(async () =>
        {
            var received = new List<JsonObject>();
            foreach (var phone in contactPhones)
            {
                received.AddRange(await AlertMessagesAsync(sandbox, phone));
            }
            return received.Count >= contactPhones.Length ? received : null;
        }, "an SMS at each contact's phone");
        var timeline = await WaitForAsync(async () =>
        {
            var alert = await SendAsync(gateway, HttpMethod.Get, $"/api/alerts/{alertId}", @operator, null, HttpStatusCode.OK);
            var entries = alert["timeline"]!.AsArray();
            return entries.Count(e => e!["kind"]!.GetValue<string>() == "notification-dispatched") >= contactPhones.Length ? entries : null;
        }, "both notifications in the alert's timeline");

        Console.WriteLine();
        Console.WriteLine("Alert timeline (as the operator sees it):");
        foreach (var entry in timeline)
        {
            Console.WriteLine($"  {entry!["at"]!.GetValue<DateTimeOffset>():HH:mm:ss.fff}  {entry["kind"],-24} {entry["channel"]} {entry["contactId"]} {entry["detail"]}");
        }
        Console.WriteLine();
        Console.WriteLine("SMS received by the Twilio sandbox:");
        foreach (var message in messages)
        {
            Console.WriteLine($"  to {Mask(message["to"]!.GetValue<string>())} ({message["sid"]}):");
            foreach (var line in message["body"]!.GetValue<string>().Split('\n'))
            {
                Console.WriteLine($"    | {line}");
            }
        }
        var lastReceived = messages.Max(m => m["receivedAt"]!.GetValue<DateTimeOffset>());
        Console.WriteLine();
        Console.WriteLine($"Press to last SMS at the sandbox: {(lastReceived - pressedAt).TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)} ms (one run on this machine, not a benchmark)");

        var again = await SendAsync(gateway, HttpMethod.Post, "/api/alerts", she, press, HttpStatusCode.Accepted, pressId);
        var sameAlert = again["alertId"]!.GetValue<Guid>() == alertId;
        // Give a wrongly duplicated fan-out the time the first one took, then count again.
        await Task.Delay(TimeSpan.FromSeconds(1) + (lastReceived - pressedAt));
        var afterRetry = 0;
        foreach (var phone in contactPhones)
        {
            afterRetry += (await AlertMessagesAsync(sandbox, phone)).Count;
        }
        Console.WriteLine($"The same press sent again (same Idempotency-Key): {(sameAlert ? "same alert" : "A NEW ALERT")}, " +
            $"{afterRetry - messages.Count} new SMS");
        var officer = Token(PlatformRoles.Operator, association, Guid.CreateVersion7(), [PlatformRights.Evidence]);
        var evidenceVerified = await DemoEvidence.RecordSealExportAndVerifyAsync(gateway, she, officer, alertId);
        return sameAlert && afterRetry == contactPhones.Length && messages.Count == contactPhones.Length && evidenceVerified;
    }

    internal static async Task<JsonObject> SendAsync(HttpClient client, HttpMethod method, string path, string token, object? body,
        HttpStatusCode expected, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new UnexpectedStatusException(response.StatusCode, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        }
        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task<List<JsonObject>> SandboxMessagesAsync(HttpClient sandbox, string to)
    {
        var list = await sandbox.GetFromJsonAsync<JsonArray>($"/sandbox/messages?to={Uri.EscapeDataString(to)}");
        return [.. list!.Select(node => node!.AsObject())];
    }

    private static async Task<List<JsonObject>> AlertMessagesAsync(HttpClient sandbox, string to) =>
        [.. (await SandboxMessagesAsync(sandbox, to)).Where(m => m["body"]!.GetValue<string>().StartsWith(AlertMessage, StringComparison.Ordinal))];

    private static async Task<T> RetryWhileAsync<T>(HttpStatusCode transient, Func<Task<T>> attempt)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (UnexpectedStatusException refused) when (refused.Status == transient && deadline.Elapsed < PropagationTimeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < PropagationTimeout)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
        throw new DemoFailedException($"Timed out after {PropagationTimeout.TotalSeconds} s waiting for {what}.");
    }

    private static string RandomFrenchMobile() =>
        $"+3361{Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture)}"; // 061 is an assigned French mobile range

    /// <summary>Even fake numbers are masked: the habit is the point.</summary>
    private static string Mask(string phone) => $"{phone[..5]}******{phone[^2..]}";

    private static int Pass()
    {
        Console.WriteLine("PASS");
        return 0;
    }

    private static int Fail(string reason)
    {
        Console.WriteLine($"FAIL: {reason}");
        return 1;
    }

    private sealed class UnexpectedStatusException(HttpStatusCode status, string message) : HttpRequestException(message)
    {
        public HttpStatusCode Status { get; } = status;
    }

    internal sealed class DemoFailedException(string message) : Exception(message);
}
