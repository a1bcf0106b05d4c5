using Dapr.Client;
using Marten;
using Platform.Evidence.Storage;
using Platform.Evidence.Storage.Blobs;
using Platform.Evidence.Storage.Keys;

namespace Platform.Evidence.Api.Storage;

/// <summary>The master key and the blob store the settings name, checked at startup: a missing key must stop the service, not an upload.</summary>
public static class EvidenceStorage
{
    public static WebApplicationBuilder AddEvidenceStorage(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(EvidenceSettings.Section).Get<EvidenceSettings>() ?? new EvidenceSettings();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(_ => MasterKey.FromBase64(settings.MasterKey));
        switch (settings.Storage.Kind)
        {
            case EvidenceStorageSettings.FileSystem:
                var path = settings.Storage.Path
                    ?? throw new InvalidOperationException("Evidence:Storage:Path must name the folder (a volume) that keeps encrypted chunks.");
                builder.Services.AddSingleton<IEvidenceBlobStore>(new FileSystemBlobStore(new FileSystemBlobStoreOptions { RootDirectory = path }));
                break;
            case EvidenceStorageSettings.Dapr:
                // The sidecar's address comes from DAPR_HTTP_PORT / DAPR_GRPC_PORT, which the Dapr injector sets on the pod.
                builder.Services.AddSingleton(_ => new DaprClientBuilder().Build());
                builder.Services.AddSingleton<IEvidenceBlobStore>(services => new DaprBindingBlobStore(services.GetRequiredService<DaprClient>(),
                    new DaprBindingBlobStoreOptions
                    {
                        BindingName = settings.Storage.DaprBinding
                            ?? throw new InvalidOperationException("Evidence:Storage:DaprBinding must name the Dapr output binding."),
                        BindingType = settings.Storage.DaprBindingType,
                    }));
                break;
            default:
                throw new InvalidOperationException($"Evidence:Storage:Kind must be '{EvidenceStorageSettings.FileSystem}' or '{EvidenceStorageSettings.Dapr}'.");
        }
        return builder;
    }

    /// <summary>Her vault for one request, on that request's session.</summary>
    public static EvidenceVault VaultFor(this IServiceProvider services, IDocumentSession session, Guid beneficiaryId) =>
        new(new EvidenceKeyring(services.GetRequiredService<MasterKey>(), new MartenKeyRecords(session, beneficiaryId)),
            services.GetRequiredService<IEvidenceBlobStore>());
}
