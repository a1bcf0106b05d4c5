using System.Text;
using Dapr;
using Dapr.Client;

namespace Platform.Evidence.Storage.Blobs;

public enum DaprBlobBindingType
{
    /// <summary>bindings.aws.s3: the object name goes in metadata "key".</summary>
    AwsS3,

    /// <summary>bindings.azure.blobstorage: the blob name goes in metadata "blobName".</summary>
    AzureBlobStorage,
}

public sealed class DaprBindingBlobStoreOptions
{
    public string BindingName { get; set; } = "";

    public DaprBlobBindingType BindingType { get; set; } = DaprBlobBindingType.AwsS3;

    /// <summary>
    /// Send chunks as base64 text, the form the binding docs give for binary files ("encode it as Base64 and let the
    /// Binding know to deserialize it"). The docs list decodeBase64 as a component field: set it to "true" on the
    /// component for both bindings. S3 requests also carry decodeBase64=true (s3.go merges request metadata over the
    /// component's); Azure requests must not, since that binding stores extra request metadata on the blob.
    /// </summary>
    public bool SendBase64 { get; set; } = true;

    /// <summary>Only when the S3 component sets encodeBase64: "true"; Azure's get always answers raw bytes.</summary>
    public bool ReceiveBase64 { get; set; }
}

/// <summary>
/// Chunks through a Dapr output binding (S3, Azure Blob...), so the cluster chooses the storage, not this code.
/// Shapes follow docs.dapr.io supported-bindings/s3 and supported-bindings/blobstorage:
/// create/get/delete with the object name in metadata; get answers the content as data.
/// </summary>
public sealed class DaprBindingBlobStore : IEvidenceBlobStore
{
    private readonly DaprClient _dapr;
    private readonly DaprBindingBlobStoreOptions _options;
    private readonly string _keyMetadata;

    public DaprBindingBlobStore(DaprClient dapr, DaprBindingBlobStoreOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.BindingName))
        {
            throw new InvalidOperationException("DaprBindingBlobStore needs a BindingName.");
        }

        _dapr = dapr;
        _options = options;
        _keyMetadata = options.BindingType switch
        {
            DaprBlobBindingType.AwsS3 => "key",
            DaprBlobBindingType.AzureBlobStorage => "blobName",
            _ => throw new InvalidOperationException($"Unknown binding type {options.BindingType}."),
        };
    }

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        // Bounded by the chunk size: the binding API takes one payload, so a chunk is buffered, never a recording.
        using var buffer = new MemoryStream();
        await CopyBoundedAsync(content, buffer, Chunks.ChunkCipher.MaxEncryptedBytes, cancellationToken);

        var request = Request("create", key);
        if (_options.SendBase64)
        {
            request.Data = Encoding.ASCII.GetBytes(Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length));
            if (_options.BindingType == DaprBlobBindingType.AwsS3)
            {
                request.Metadata["decodeBase64"] = "true";
            }
        }
        else
        {
            request.Data = buffer.ToArray();
        }

        await _dapr.InvokeBindingAsync(request, cancellationToken);
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        BindingResponse response;
        try
        {
            response = await _dapr.InvokeBindingAsync(Request("get", key), cancellationToken);
        }
        catch (DaprException e) when (IsNotFound(e))
        {
            return null;
        }

        var data = response.Data.ToArray();
        if (_options.ReceiveBase64)
        {
            data = Convert.FromBase64String(Encoding.ASCII.GetString(data));
        }

        return new MemoryStream(data, writable: false);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            await _dapr.InvokeBindingAsync(Request("delete", key), cancellationToken);
        }
        catch (DaprException e) when (IsNotFound(e))
        {
            // Already gone: erasure is idempotent (Azure answers "blob not found", S3 deletes silently).
        }
    }

    // Neither binding has a head/exists operation: get is the only documented way to ask.
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var stream = await OpenReadAsync(key, cancellationToken);
        return stream is not null;
    }

    private BindingRequest Request(string operation, string key)
    {
        var request = new BindingRequest(_options.BindingName, operation);
        request.Metadata[_keyMetadata] = key;
        return request;
    }

    // The bindings report a missing object only as error text, wrapped by daprd in a gRPC status:
    // Azure "blob not found", S3 the SDK's "NoSuchKey".
    private static bool IsNotFound(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current.Message.Contains("blob not found", StringComparison.OrdinalIgnoreCase)
                || current.Message.Contains("NoSuchKey", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task CopyBoundedAsync(Stream source, Stream destination, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw new ArgumentException($"An evidence blob is at most {limit} bytes.", nameof(source));
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }
}
