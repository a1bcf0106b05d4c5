using System.Text;
using System.Text.Json;
using Dapr;
using Dapr.Client;
using Grpc.Core;
using Platform.Evidence.Storage.Blobs;

namespace Platform.Evidence.Storage.Tests;

/// <summary>
/// Stands in for daprd, which cannot run on this machine. It checks our requests against the DOCUMENTED shapes of the
/// bindings.aws.s3 and bindings.azure.blobstorage output bindings (docs.dapr.io supported-bindings/s3 and /blobstorage,
/// and their source in dapr/components-contrib) and answers the documented response shapes. It is not a real daprd:
/// a real sidecar and bucket may still differ, and that needs its own integration test.
/// </summary>
public sealed class FakeS3AndBlobBindings(DaprBlobBindingType bindingType, bool azureComponentDecodesBase64 = true) : DaprClientStub
{
    public Dictionary<string, byte[]> Objects { get; } = new(StringComparer.Ordinal);

    public List<BindingRequest> Requests { get; } = [];

    private string KeyMetadata => bindingType == DaprBlobBindingType.AwsS3 ? "key" : "blobName";

    public override Task<BindingResponse> InvokeBindingAsync(BindingRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Add(request);
        if (!request.Metadata.TryGetValue(KeyMetadata, out var key) || string.IsNullOrEmpty(key))
        {
            // Both bindings would invent a UUID name on create, and fail on get/delete: never what we want.
            throw new InvalidOperationException($"Request without metadata '{KeyMetadata}'.");
        }

        return request.Operation switch
        {
            "create" => Task.FromResult(Create(request, key)),
            "get" => Task.FromResult(Get(request, key)),
            "delete" => Task.FromResult(Delete(request, key)),
            _ => throw new InvalidOperationException($"Operation '{request.Operation}' is not one we use."),
        };
    }

    private BindingResponse Create(BindingRequest request, string key)
    {
        var data = request.Data.ToArray();
        var decode = bindingType == DaprBlobBindingType.AwsS3
            ? request.Metadata.TryGetValue("decodeBase64", out var flag) && flag == "true"
            : azureComponentDecodesBase64;
        if (decode)
        {
            data = Convert.FromBase64String(Encoding.ASCII.GetString(data));
        }

        Objects[key] = data;
        if (bindingType == DaprBlobBindingType.AwsS3)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string?>
            {
                ["location"] = $"https://evidence.s3.eu-west-3.amazonaws.com/{key}",
                ["versionID"] = null,
            });
            return new BindingResponse(request, body, new Dictionary<string, string>());
        }

        var blobBody = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["blobURL"] = $"https://evidence.blob.core.windows.net/recordings/{key}",
            ["blobName"] = key,
        });
        return new BindingResponse(request, blobBody, new Dictionary<string, string> { ["blobName"] = key });
    }

    private BindingResponse Get(BindingRequest request, string key) =>
        Objects.TryGetValue(key, out var data)
            ? new BindingResponse(request, data, new Dictionary<string, string>())
            : throw NotFound(key);

    private BindingResponse Delete(BindingRequest request, string key)
    {
        // S3's DeleteObject succeeds for a missing key; the Azure binding answers "blob not found".
        if (!Objects.Remove(key) && bindingType == DaprBlobBindingType.AzureBlobStorage)
        {
            throw NotFound(key);
        }

        return new BindingResponse(request, ReadOnlyMemory<byte>.Empty, new Dictionary<string, string>());
    }

    // What DaprClientGrpc throws when daprd answers an output binding error.
    // Error texts as the bindings' sources produce them (s3.go get, blobstorage.go get/delete).
    private DaprException NotFound(string key) => new(
        "Binding operation failed, see inner exception.",
        new RpcException(new Status(StatusCode.Internal, bindingType == DaprBlobBindingType.AwsS3
            ? $"error invoking output binding evidence: s3 binding error: error downloading S3 object: NoSuchKey: The specified key does not exist. ({key})"
            : "error invoking output binding evidence: blob not found")));
}
