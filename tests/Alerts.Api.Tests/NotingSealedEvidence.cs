using Platform.Evidence.Contracts;
using Platform.Testing;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using static Platform.Alerts.Api.Tests.AlertRequests;

namespace Platform.Alerts.Api.Tests;

/// <summary>The evidence service tells alerts a recording of the alert was sealed; the operator's timeline shows it.</summary>
public sealed class NotingSealedEvidence(AlertsHost host) : IClassFixture<AlertsHost>
{
    private static EvidenceSealed Sealed(Guid associationId, Guid alertId, bool complete = true) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, associationId, alertId, Guid.CreateVersion7(), DateTimeOffset.UtcNow.AddMinutes(-3),
            DateTimeOffset.UtcNow, 12, 480_000, Convert.ToHexStringLower(SHA256.HashData(Guid.NewGuid().ToByteArray())), "key-2026-11",
            complete);

    private static async Task<JsonArray> TimelineAsync(HttpClient reader, Guid alertId)
    {
        using var response = await reader.GetAsync(new Uri($"/api/alerts/{alertId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync())["timeline"]!.AsArray();
    }

    private static IReadOnlyList<JsonNode> SealedEntries(JsonArray timeline) =>
        [.. timeline.OfType<JsonNode>().Where(entry => entry["kind"]!.GetValue<string>() == "evidence-sealed")];

    [Fact]
    public async Task A_sealed_recording_joins_the_operators_timeline_once_however_often_it_is_delivered()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        var first = Sealed(she.AssociationId, alertId);
        var second = Sealed(she.AssociationId, alertId, complete: false);

        await host.PublishAsync(first, first.EventId);
        await host.PublishAsync(first, first.EventId);
        await host.PublishAsync(second, second.EventId);

        // Messages about one alert are applied in order, and the duplicate came before the second recording: had it been
        // appended, it would be here now.
        var entries = await Eventually.ValueAsync(async () =>
        {
            var sealedEntries = SealedEntries(await TimelineAsync(she.HerOperator, alertId));
            return (sealedEntries.Any(entry => entry["detail"]!.GetValue<string>().Contains(second.ManifestSha256, StringComparison.Ordinal)),
                sealedEntries);
        }, "the second recording in the timeline");
        Assert.Equal(2, entries.Count);
        var firstEntry = Assert.Single(entries, entry => entry["detail"]!.GetValue<string>().Contains(first.ManifestSha256, StringComparison.Ordinal));
        Assert.Contains(first.RecordingId.ToString(), firstEntry["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(first.SealedAt, firstEntry["at"]!.GetValue<DateTimeOffset>(), TimeSpan.FromMilliseconds(1));
        Assert.Contains("incomplete", entries[1]["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Her_own_read_never_shows_that_a_recording_was_sealed()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        var evidence = Sealed(she.AssociationId, alertId);

        await host.PublishAsync(evidence, evidence.EventId);

        await Eventually.TrueAsync(async () => SealedEntries(await TimelineAsync(she.HerOperator, alertId)).Count == 1,
            "the sealed recording in the operator's timeline");
        var hers = await TimelineAsync(she.She, alertId);
        Assert.Empty(SealedEntries(hers));
        Assert.DoesNotContain(evidence.ManifestSha256, hers.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sealed_evidence_naming_another_associations_alert_is_ignored_and_its_operators_cannot_see_hers()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        var otherAssociation = Guid.CreateVersion7();
        var misattributed = Sealed(otherAssociation, alertId);
        var genuine = Sealed(she.AssociationId, alertId);

        // Unknown in that association: acknowledged and dropped, or the genuine one behind it (same alert, same order) would wait.
        await host.PublishAsync(misattributed, misattributed.EventId);
        await host.PublishAsync(genuine, genuine.EventId);

        var entries = await Eventually.ValueAsync(async () =>
        {
            var sealedEntries = SealedEntries(await TimelineAsync(she.HerOperator, alertId));
            return (sealedEntries.Count > 0, sealedEntries);
        }, "the genuine sealed recording in the timeline");
        Assert.Contains(genuine.ManifestSha256, Assert.Single(entries)["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        using var otherOperator = host.ClientWithToken(host.Tokens.Operator(otherAssociation));
        using var foreign = await otherOperator.GetAsync(new Uri($"/api/alerts/{alertId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }
}
