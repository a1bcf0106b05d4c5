using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Platform.Evidence.Api.Signing;
using Platform.Evidence.Integrity;

namespace Platform.Evidence.Api.Tests;

/// <summary>A host of its own: rotating the key changes what every other test's seals are checked against.</summary>
public sealed class RotatingSigningKeys(RotatingSigningKeys.Host host) : IClassFixture<RotatingSigningKeys.Host>
{
    public sealed class Host : EvidenceHost;

    [Fact]
    public async Task After_a_rotation_both_keys_are_published_and_a_recording_sealed_before_it_still_verifies()
    {
        var her = await host.BeneficiaryWithAnAlertAsync();
        var recordingId = await host.StartRecordingAsync(her);
        await host.UploadAsync(her, recordingId, 0, Audio.Chunk(recordingId, 0));
        await host.SealAsync(her, recordingId);
        using var newKey = SigningKey.Generate();

        // What a restart with a new Evidence:SigningKey does at startup.
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        using var restarted = new PlatformSigningKeys(new EvidenceSettings { SigningKey = Convert.ToBase64String(newKey.ExportPkcs8()) },
            host.Services.GetRequiredService<IDocumentStore>(), host.Clock);
        await restarted.StartAsync(CancellationToken.None);

        var keys = JsonNode.Parse(await host.PublishedKeysAsync())!["keys"]!.AsArray();
        Assert.Equal([host.SigningKeyId, newKey.KeyId], keys.Select(key => key!["kid"]!.GetValue<string>()));
        Assert.NotNull(keys[0]!["notAfter"]);
        Assert.Null(keys[1]!["notAfter"]);
        using var officer = host.EvidenceOfficerOf(her.AssociationId);
        var (exitCode, report) = await Exports.VerifyAsync(await EvidenceHost.ExportAsync(officer, recordingId), await host.PublishedKeysAsync());
        Assert.True(exitCode == 0, report);
    }
}
