using JasperFx.MultiTenancy;
using Platform.Evidence.Api.Alerts;
using Platform.Evidence.Api.Erasing;
using Platform.Evidence.Api.Exporting;
using Platform.Evidence.Api.Holding;
using Platform.Evidence.Api.Reading;
using Platform.Evidence.Api.Recordings;
using Platform.Evidence.Api.Retaining;
using Platform.Evidence.Api.Sealing;
using Platform.Evidence.Api.Signing;
using Platform.Evidence.Api.Starting;
using Platform.Evidence.Api.Storage;
using Platform.Evidence.Api.Uploading;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Scheduling;

namespace Platform.Evidence.Api;

public static class EvidenceApi
{
    public const string Schema = "evidence";

    public static WebApplicationBuilder AddEvidence(this WebApplicationBuilder builder)
    {
        builder.AddPlatformMarten<EvidenceOutbox>(Schema, options =>
        {
            // Recordings are the most sensitive data on the platform: the association is enforced by the store itself.
            options.Events.TenancyStyle = TenancyStyle.Conjoined;
            options.Policies.AllDocumentsAreMultiTenanted();
            options.Schema.For<RecordingSummary>().Index(summary => summary.BeneficiaryId).Index(summary => summary.AlertId);
            options.Schema.For<ErasedRecording>();
            options.Schema.For<KnownAlert>().Index(alert => alert.BeneficiaryId);
            options.Schema.For<BeneficiaryKeyRecord>();
            options.Schema.For<RecordingKeyRecord>().Index(record => record.BeneficiaryId);
            options.Schema.For<ErasureProof>();
            options.Schema.For<PublishedSigningKey>();
        });
        builder.AddEvidenceStorage();
        builder.AddEvidencePolicies();
        builder.AddPinConfirmations();
        builder.Services.AddSingleton<PlatformSigningKeys>();
        // Loaded (and a new key published) before anything can seal.
        builder.Services.AddHostedService(services => services.GetRequiredService<PlatformSigningKeys>());
        builder.AddWakeUps(Schema);
        builder.Services.AddWakeUpHandler<SealWhenQuiet>();
        builder.Services.AddWakeUpHandler<RetentionWakeUp>();
        builder.Services.AddWakeUpHandler<HerErasureWakeUp>();
        return builder;
    }

    public static IEndpointRouteBuilder MapEvidenceApi(this IEndpointRouteBuilder app)
    {
        var evidence = app.MapGroup("/api/evidence").WithTags("Evidence");
        evidence.MapPublishedKeys();
        evidence.MapStartRecording();
        evidence.MapUploadChunk();
        evidence.MapUploadStatus();
        evidence.MapSealRecording();
        evidence.MapReadRecording();
        evidence.MapExportRecording();
        evidence.MapLegalHold();
        evidence.MapErasure();
        return app;
    }
}
