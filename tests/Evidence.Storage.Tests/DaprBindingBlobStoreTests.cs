using System.Text;
using Platform.Evidence.Storage.Blobs;

namespace Platform.Evidence.Storage.Tests;

/// <summary>
/// Checks the requests we send against the shapes the Dapr binding docs give, through <see cref="FakeS3AndBlobBindings"/>.
/// No daprd runs here: this is not proof a real sidecar and bucket accept them.
/// </summary>
public sealed class DaprBindingBlobStoreTests
{
    private static (DaprBindingBlobStore Store, FakeS3AndBlobBindings Dapr) Store(
        DaprBlobBindingType type, bool sendBase64 = true)
    {
        var dapr = new FakeS3AndBlobBindings(type);
        var options = new DaprBindingBlobStoreOptions { BindingName = "evidence-blobs", BindingType = type, SendBase64 = sendBase64 };
        return (new DaprBindingBlobStore(dapr, options), dapr);
    }

    [Fact]
    public async Task S3_create_sends_the_object_name_in_key_and_base64_data_with_decodeBase64()
    {
        var (store, dapr) = Store(DaprBlobBindingType.AwsS3);
        byte[] content = [0x45, 0x00, 0xFF, 0x22];

        await store.PutAsync("rec/000001", new MemoryStream(content));

        var request = Assert.Single(dapr.Requests);
        Assert.Equal("evidence-blobs", request.BindingName);
        Assert.Equal("create", request.Operation);
        Assert.Equal(new Dictionary<string, string> { ["key"] = "rec/000001", ["decodeBase64"] = "true" }, request.Metadata);
        Assert.Equal(Convert.ToBase64String(content), Encoding.ASCII.GetString(request.Data.Span));
        Assert.Equal(content, dapr.Objects["rec/000001"]);
    }

    [Fact]
    public async Task Azure_create_sends_the_blob_name_in_blobName_and_nothing_else_in_metadata()
    {
        // Any other request metadata would be stored as blob metadata by the Azure binding; decodeBase64 is set on the component.
        var (store, dapr) = Store(DaprBlobBindingType.AzureBlobStorage);
        byte[] content = [1, 2, 3];

        await store.PutAsync("rec/000001", new MemoryStream(content));

        var request = Assert.Single(dapr.Requests);
        Assert.Equal("create", request.Operation);
        Assert.Equal(new Dictionary<string, string> { ["blobName"] = "rec/000001" }, request.Metadata);
        Assert.Equal(Convert.ToBase64String(content), Encoding.ASCII.GetString(request.Data.Span));
    }

    [Fact]
    public async Task Raw_mode_sends_the_bytes_themselves_without_decodeBase64()
    {
        var (store, dapr) = Store(DaprBlobBindingType.AwsS3, sendBase64: false);
        byte[] content = [0x45, 0x56, 0x43, 0x31, 0x00];

        await store.PutAsync("rec/000001", new MemoryStream(content));

        var request = Assert.Single(dapr.Requests);
        Assert.Equal(new Dictionary<string, string> { ["key"] = "rec/000001" }, request.Metadata);
        Assert.Equal(content, request.Data.ToArray());
    }

    [Theory]
    [InlineData(DaprBlobBindingType.AwsS3, "key")]
    [InlineData(DaprBlobBindingType.AzureBlobStorage, "blobName")]
    public async Task Get_and_delete_send_only_the_name_and_get_answers_the_stored_bytes(DaprBlobBindingType type, string keyMetadata)
    {
        var (store, dapr) = Store(type);
        await store.PutAsync("rec/000002", new MemoryStream([5, 6, 7]));
        dapr.Requests.Clear();

        await using var read = (await store.OpenReadAsync("rec/000002"))!;
        await store.DeleteAsync("rec/000002");

        Assert.Collection(dapr.Requests,
            get =>
            {
                Assert.Equal("get", get.Operation);
                Assert.Equal(new Dictionary<string, string> { [keyMetadata] = "rec/000002" }, get.Metadata);
                Assert.True(get.Data.IsEmpty);
            },
            delete =>
            {
                Assert.Equal("delete", delete.Operation);
                Assert.Equal(new Dictionary<string, string> { [keyMetadata] = "rec/000002" }, delete.Metadata);
                Assert.True(delete.Data.IsEmpty);
            });
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal([5, 6, 7], copy.ToArray());
        Assert.Empty(dapr.Objects);
    }

    [Theory]
    [InlineData(DaprBlobBindingType.AwsS3)]
    [InlineData(DaprBlobBindingType.AzureBlobStorage)]
    public async Task A_three_chunk_recording_round_trips_through_encryption_and_the_binding(DaprBlobBindingType type)
    {
        var (store, dapr) = Store(type);
        var (vault, keyring, _) = Recordings.Vault(store);

        await Recordings.AssertThreeChunkRoundTripAsync(vault, keyring);

        Assert.Equal(3, dapr.Objects.Count);
        Assert.All(dapr.Objects.Values, stored => Assert.False(Recordings.Contains(stored, Recordings.Marker)));
        Assert.All(dapr.Requests.Where(r => r.Operation == "create"),
            create => Assert.False(Recordings.Contains(create.Data.ToArray(), Recordings.Marker)));
    }

    [Theory]
    [InlineData(DaprBlobBindingType.AwsS3)]
    [InlineData(DaprBlobBindingType.AzureBlobStorage)]
    public async Task A_missing_blob_reads_as_null_and_deleting_it_is_fine(DaprBlobBindingType type)
    {
        var (store, _) = Store(type);

        Assert.Null(await store.OpenReadAsync("rec/000009"));
        Assert.False(await store.ExistsAsync("rec/000009"));
        await store.DeleteAsync("rec/000009");
    }

    [Fact]
    public async Task A_blob_larger_than_one_encrypted_chunk_is_refused_before_anything_is_sent()
    {
        var (store, dapr) = Store(DaprBlobBindingType.AwsS3);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            store.PutAsync("rec/000001", new MemoryStream(new byte[Chunks.ChunkCipher.MaxEncryptedBytes + 1])));

        Assert.Empty(dapr.Requests);
    }
}
