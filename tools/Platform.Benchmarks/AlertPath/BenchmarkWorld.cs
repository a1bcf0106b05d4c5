using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.ServiceDefaults.Authentication;

namespace Platform.Benchmarks.AlertPath;

/// <summary>A woman ready to press: paired button, every contact confirmed; her phone's token.</summary>
public sealed record ReadyBeneficiary(Guid BeneficiaryId, Guid DeviceId, IReadOnlyList<string> Phones, string Token);

/// <summary>What a seed file keeps of one beneficiary, so the next run against the same database reuses her.</summary>
public sealed record SeededBeneficiary(Guid BeneficiaryId, Guid DeviceId, IReadOnlyList<string> Phones);

/// <summary>The seed file: one association and its beneficiaries, all already confirmed in the stack's database.</summary>
/// <param name="PhoneBlock">Three digits that set this seed's contact numbers apart from any other seed's.</param>
public sealed record Seed(Guid AssociationId, string PhoneBlock, int PhonesUsed, List<SeededBeneficiary> Beneficiaries);

/// <summary>
/// The association and beneficiaries a run presses for, seeded through the gateway as an operator and the contacts'
/// phones would: button, enrolment, contacts, their "OUI" by SMS, pairing; then warm-up presses until each new one's
/// alert reaches all her contacts. Idempotent: a seed file records who is ready, and a later run against the same
/// database checks and reuses them, adding only the missing ones.
/// </summary>
public sealed class BenchmarkWorld
{
    private const string Model = "Bluetooth button";
    private const int Parallelism = 8;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly JsonSerializerOptions FileFormat = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // "+33...", not "\u002B33...": people read this file.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Gateway _gateway;
    private readonly HttpClient _sandbox;
    private readonly SandboxReceipts _receipts;
    private readonly Func<string, Guid?, Guid, IReadOnlyList<string>?, string> _token;
    private readonly int _contacts;
    private readonly string _platformNumber;

    public BenchmarkWorld(Gateway gateway, HttpClient sandbox, SandboxReceipts receipts, Func<string, Guid?, Guid, IReadOnlyList<string>?, string> token,
        int contacts, string platformNumber)
    {
        _gateway = gateway;
        _sandbox = sandbox;
        _receipts = receipts;
        _token = token;
        _contacts = contacts;
        _platformNumber = platformNumber;
    }

    public Guid AssociationId { get; private set; }

    public string OperatorToken { get; private set; } = "";

    /// <returns>The beneficiaries ready to press, the number seeded now, and the number of warm-up alerts.</returns>
    public async Task<(IReadOnlyList<ReadyBeneficiary> Ready, int Seeded, int WarmUps)> PrepareAsync(string seedFile, int count, int minimumWarmUps)
    {
        var admin = _token(PlatformRoles.Admin, null, Guid.CreateVersion7(), null);
        var seed = await ReusableSeedAsync(seedFile);
        if (seed is null)
        {
            seed = new Seed(Guid.CreateVersion7(), Random.Shared.Next(0, 1000).ToString("D3", CultureInfo.InvariantCulture), 0, []);
            await _gateway.SendAsync(HttpMethod.Put, $"/api/devices/associations/{seed.AssociationId}", admin,
                new { code = $"BENCH-{Guid.NewGuid():N}"[..16].ToUpperInvariant(), name = "Alert benchmark" });
        }
        AssociationId = seed.AssociationId;
        OperatorToken = _token(PlatformRoles.Operator, seed.AssociationId, Guid.CreateVersion7(), null);
        // First, before any press: escalation calls an hour away, so none rings during a run (an association admin's call).
        await _gateway.SendAsync(HttpMethod.Put, "/api/alerts/escalation-policy",
            _token(PlatformRoles.Operator, seed.AssociationId, Guid.CreateVersion7(), [PlatformRights.AssociationAdmin]),
            new { voiceCallsAfterSeconds = 3600, onCallAfterSeconds = 3600, repeatEverySeconds = 3600 });

        var kept = await StillReadyAsync(seed);
        var missing = Math.Max(0, count - kept.Count);
        var phonesUsed = seed.PhonesUsed;
        var phoneBatches = Enumerable.Range(0, missing).Select(i => Phones(seed.PhoneBlock, phonesUsed + (i * _contacts))).ToList();
        if (phonesUsed + (missing * _contacts) > 10_000)
        {
            throw new InvalidOperationException("A seed holds at most 10 000 contact numbers: delete the seed file to start another.");
        }
        if (missing > 0)
        {
            Console.WriteLine($"seeding {missing} beneficiaries with {_contacts} confirmed contacts each ({kept.Count} reused)...");
        }
        var clock = Stopwatch.StartNew();
        var seeded = (await ForEachAsync(phoneBatches, phones => Tolerated(() => EnrolAsync(admin, seed.AssociationId, phones), "seeding")))
            .OfType<ReadyBeneficiary>().ToList();
        var all = kept.Concat(seeded).ToList();
        await SaveAsync(seedFile, seed with
        {
            PhonesUsed = phonesUsed + (missing * _contacts),
            Beneficiaries = [.. all.Select(b => new SeededBeneficiary(b.BeneficiaryId, b.DeviceId, b.Phones))],
        });

        // Each new one proves her path (pairing known to alerts, contacts known to notifications); a few more warm the stack.
        var warmUp = seeded.Concat(kept.Take(Math.Max(0, minimumWarmUps - seeded.Count))).ToList();
        var warm = await ForEachAsync(warmUp, she => Tolerated(() => WarmUpAsync(she), "a warm-up"));
        // She who never got a whole alert through is left out of the run rather than counted as losses.
        var cold = warmUp.Where((_, i) => warm[i] is null).Select(she => she.BeneficiaryId).ToHashSet();
        var ready = all.Where(she => !cold.Contains(she.BeneficiaryId)).Take(count).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{ready.Count} beneficiaries ready ({seeded.Count} seeded now, {kept.Count} reused, {cold.Count} left out); {warmUp.Count} warm-up alerts; {clock.Elapsed.TotalSeconds:F1} s"));
        if (ready.Count == 0)
        {
            throw new InvalidOperationException("No beneficiary is ready: see the errors above.");
        }
        return (ready, seeded.Count, warmUp.Count);
    }

    /// <summary>
    /// Resolves every active alert of the benchmark's association, as its operators would: alerts left active escalate
    /// (calls, operator SMS) into every later run, and would be measured as part of it.
    /// </summary>
    /// <returns>How many were resolved.</returns>
    public async Task<int> ResolveActiveAlertsAsync()
    {
        var resolved = 0;
        for (var round = 0; round < 1000; round++)
        {
            var page = await _gateway.SendAsync(HttpMethod.Get, "/api/alerts?status=active&limit=100", OperatorToken, null);
            var ids = page["items"]!.AsArray().Select(item => item!["id"]!.GetValue<Guid>()).ToList();
            if (ids.Count == 0)
            {
                break;
            }
            // A resolution refused as stale (an outcome recorded meanwhile) is tried again in the next round.
            resolved += (await ForEachAsync(ids, ResolveAsync)).Count(done => done);
        }
        return resolved;
    }

    private async Task<bool> ResolveAsync(Guid alertId)
    {
        using var read = Gateway.Request(HttpMethod.Get, $"/api/alerts/{alertId}", OperatorToken, null);
        using var alert = await _gateway.Http.SendAsync(read);
        if (!alert.IsSuccessStatusCode || alert.Headers.ETag is not { } version)
        {
            return false;
        }
        using var resolve = Gateway.Request(HttpMethod.Post, $"/api/alerts/{alertId}/resolution", OperatorToken, new { outcome = "falseAlarm" });
        resolve.Headers.IfMatch.Add(version);
        using var answer = await _gateway.Http.SendAsync(resolve);
        return answer.IsSuccessStatusCode;
    }

    private async Task<Seed?> ReusableSeedAsync(string seedFile)
    {
        if (!File.Exists(seedFile))
        {
            return null;
        }
        var seed = JsonSerializer.Deserialize<Seed>(await File.ReadAllTextAsync(seedFile), FileFormat);
        if (seed is null || seed.Beneficiaries.Count == 0)
        {
            return null;
        }
        // Another database than the one seeded (dropped, or another stack): start a new seed.
        var @operator = _token(PlatformRoles.Operator, seed.AssociationId, Guid.CreateVersion7(), null);
        var status = await _gateway.StatusOfAsync(HttpMethod.Get, $"/api/beneficiaries/{seed.Beneficiaries[0].BeneficiaryId}", @operator, null);
        return status == HttpStatusCode.OK ? seed : null;
    }

    private async Task<List<ReadyBeneficiary>> StillReadyAsync(Seed seed)
    {
        var checkedOnes = await ForEachAsync(seed.Beneficiaries, async seeded =>
        {
            var profile = await _gateway.SendAsync(HttpMethod.Get, $"/api/beneficiaries/{seeded.BeneficiaryId}", OperatorToken, null);
            var confirmed = profile["contacts"]!.AsArray().Count(contact => contact!["consent"]!.GetValue<string>() == "confirmed");
            return confirmed == _contacts && seeded.Phones.Count == _contacts ? Ready(seeded) : null;
        });
        return [.. checkedOnes.OfType<ReadyBeneficiary>()];
    }

    private static int _reportedFailures;

    /// <summary>One beneficiary failing is reported (the first few) and left out; it does not end the seeding.</summary>
    private static async Task<T?> Tolerated<T>(Func<Task<T>> work, string what) where T : class
    {
        try
        {
            return await work();
        }
        catch (Exception failure) when (failure is HttpRequestException or TimeoutException or TaskCanceledException)
        {
            if (Interlocked.Increment(ref _reportedFailures) <= 3)
            {
                Console.Error.WriteLine($"{what} failed: {failure.Message}");
            }
            return null;
        }
    }

    private async Task<ReadyBeneficiary> EnrolAsync(string admin, Guid association, IReadOnlyList<string> phones)
    {
        var device = await _gateway.SendAsync(HttpMethod.Post, "/api/devices", admin,
            new { serial = $"BENCH-{Guid.NewGuid():N}"[..20].ToUpperInvariant(), model = Model, associationId = association });
        var deviceId = device["id"]!.GetValue<Guid>();
        var beneficiary = await _gateway.SendAsync(HttpMethod.Post, "/api/beneficiaries", OperatorToken,
            new { displayName = "Bench", language = "fr", alertMessage = "BENCH alert" });
        var beneficiaryId = beneficiary["id"]!.GetValue<Guid>();
        // One at a time: they all append to her stream.
        for (var i = 0; i < phones.Count; i++)
        {
            await _gateway.SendAsync(HttpMethod.Post, $"/api/beneficiaries/{beneficiaryId}/contacts", OperatorToken,
                new { name = $"Contact {i + 1}", phone = phones[i], tier = 1 });
        }
        foreach (var phone in phones)
        {
            await SandboxReceipts.UntilAsync(() => _receipts.CountTo(phone) > 0, Patience, "a consent request SMS");
            using var reply = await _sandbox.PostAsJsonAsync("/sandbox/inbound-sms", new { from = phone, to = _platformNumber, body = "OUI" });
            reply.EnsureSuccessStatusCode();
        }
        await UntilAsync(async () =>
        {
            var profile = await _gateway.SendAsync(HttpMethod.Get, $"/api/beneficiaries/{beneficiaryId}", OperatorToken, null);
            return profile["contacts"]!.AsArray().Count(contact => contact!["consent"]!.GetValue<string>() == "confirmed") == phones.Count;
        }, "her contacts' consent");
        // The devices service learns of her enrolment from an event: retry until it has.
        await UntilAsync(async () => await _gateway.StatusOfAsync(HttpMethod.Post, $"/api/devices/{deviceId}/pairing", OperatorToken,
            new { beneficiaryId }) == HttpStatusCode.OK, "the pairing");
        return Ready(new SeededBeneficiary(beneficiaryId, deviceId, phones));
    }

    /// <summary>Presses until one alert reaches every contact; its SMS are found by the press's trace id.</summary>
    private async Task<ReadyBeneficiary> WarmUpAsync(ReadyBeneficiary she)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
            var status = await _gateway.StatusOfAsync(HttpMethod.Post, "/api/alerts", she.Token, Gateway.Press(she.DeviceId, DateTimeOffset.UtcNow),
                $"warmup-{Guid.NewGuid():N}", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            if (status != HttpStatusCode.Accepted)
            {
                // 422 until alerts has learnt of the pairing.
                await Task.Delay(TimeSpan.FromMilliseconds(250));
                continue;
            }
            var pressed = Stopwatch.StartNew();
            while (pressed.Elapsed < TimeSpan.FromSeconds(10))
            {
                if (_receipts.ForTrace(traceId).Select(receipt => receipt.To).Distinct().Count() >= she.Phones.Count)
                {
                    return she;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }
        var reached = she.Phones.Sum(_receipts.CountTo);
        throw new TimeoutException(reached > she.Phones.Count
            ? "Warm-up alerts reached her contacts, but not with the press's trace id: is trace context still propagated to Twilio?"
            : $"No warm-up alert reached all {she.Phones.Count} of her contacts in {Patience.TotalSeconds:F0} s.");
    }

    private ReadyBeneficiary Ready(SeededBeneficiary seeded) =>
        new(seeded.BeneficiaryId, seeded.DeviceId, seeded.Phones, _token(PlatformRoles.Beneficiary, AssociationId, seeded.BeneficiaryId, null));

    /// <summary>French mobile numbers (+33 67...), unique within a seed: its block, then a running index.</summary>
    private IReadOnlyList<string> Phones(string block, int first) =>
        [.. Enumerable.Range(first, _contacts).Select(index => string.Create(CultureInfo.InvariantCulture, $"+3367{block}{index:D4}"))];

    private static async Task SaveAsync(string seedFile, Seed seed)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(seedFile))!);
        await File.WriteAllTextAsync(seedFile, JsonSerializer.Serialize(seed, FileFormat));
    }

    private static async Task<List<TResult>> ForEachAsync<T, TResult>(IReadOnlyList<T> items, Func<T, Task<TResult>> work)
    {
        using var slots = new SemaphoreSlim(Parallelism);
        return [.. await Task.WhenAll(items.Select(async item =>
        {
            await slots.WaitAsync();
            try
            {
                return await work(item);
            }
            finally
            {
                slots.Release();
            }
        }))];
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Patience)
            {
                throw new TimeoutException($"Waited {Patience.TotalSeconds:F0} s for {what}.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
