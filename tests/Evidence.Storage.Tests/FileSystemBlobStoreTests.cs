using Platform.Evidence.Storage.Blobs;

namespace Platform.Evidence.Storage.Tests;

public sealed class FileSystemBlobStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "evidence-fs-" + Guid.NewGuid().ToString("N"));
    private readonly FileSystemBlobStore _store;

    public FileSystemBlobStoreTests() => _store = new FileSystemBlobStore(new FileSystemBlobStoreOptions { RootDirectory = _root });

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task A_three_chunk_recording_round_trips_through_encryption_and_the_filesystem()
    {
        var (vault, keyring, _) = Recordings.Vault(_store);

        await Recordings.AssertThreeChunkRoundTripAsync(vault, keyring);

        Assert.Equal(3, Directory.GetFiles(_root, "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task The_files_on_disk_contain_no_plaintext()
    {
        var (vault, keyring, _) = Recordings.Vault(_store);
        await Recordings.AssertThreeChunkRoundTripAsync(vault, keyring);

        foreach (var file in Directory.GetFiles(_root, "*", SearchOption.AllDirectories))
        {
            Assert.False(Recordings.Contains(await File.ReadAllBytesAsync(file), Recordings.Marker), file);
        }
    }

    [Fact]
    public async Task Two_chunk_files_swapped_on_disk_are_refused_when_read()
    {
        var (vault, keyring, _) = Recordings.Vault(_store);
        var her = Guid.NewGuid();
        var recording = Guid.NewGuid();
        await keyring.CreateBeneficiaryKeyAsync(her);
        await vault.StoreChunkAsync(her, recording, 0, new MemoryStream(Recordings.Chunk(0)));
        await vault.StoreChunkAsync(her, recording, 1, new MemoryStream(Recordings.Chunk(1)));
        var first = Path.Combine(_root, recording.ToString("D"), "000000");
        var second = Path.Combine(_root, recording.ToString("D"), "000001");
        var firstBytes = await File.ReadAllBytesAsync(first);
        await File.WriteAllBytesAsync(first, await File.ReadAllBytesAsync(second));
        await File.WriteAllBytesAsync(second, firstBytes);

        await Assert.ThrowsAsync<EvidenceDecryptionException>(() => vault.ReadChunkAsync(her, recording, 0, new MemoryStream()));
        await Assert.ThrowsAsync<EvidenceDecryptionException>(() => vault.ReadChunkAsync(her, recording, 1, new MemoryStream()));
    }

    [Fact]
    public async Task Chunks_are_stored_under_recording_id_and_six_digit_sequence()
    {
        var recording = Guid.NewGuid();

        await _store.PutAsync(EvidenceBlobKeys.Chunk(recording, 7), new MemoryStream([1, 2, 3]));

        Assert.True(File.Exists(Path.Combine(_root, recording.ToString("D"), "000007")));
    }

    [Fact]
    public async Task A_put_leaves_no_temporary_file_and_a_second_put_replaces_the_whole_blob()
    {
        await _store.PutAsync("r/000000", new MemoryStream(new byte[1000]));
        await _store.PutAsync("r/000000", new MemoryStream([9]));

        Assert.Equal(["000000"], Directory.GetFiles(Path.Combine(_root, "r")).Select(Path.GetFileName));
        await using var read = (await _store.OpenReadAsync("r/000000"))!;
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal([9], copy.ToArray());
    }

    [Fact]
    public async Task A_put_whose_source_fails_midway_leaves_nothing_under_the_real_name()
    {
        await Assert.ThrowsAsync<IOException>(() => _store.PutAsync("r/000001", new FailingAfterSomeBytesStream()));

        Assert.False(await _store.ExistsAsync("r/000001"));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "r")));
    }

    [Fact]
    public async Task A_missing_blob_reads_as_null_and_deleting_it_twice_is_fine()
    {
        await _store.PutAsync("r/000000", new MemoryStream([1]));

        await _store.DeleteAsync("r/000000");
        await _store.DeleteAsync("r/000000");
        await _store.DeleteAsync("never/000000");

        Assert.Null(await _store.OpenReadAsync("r/000000"));
        Assert.False(await _store.ExistsAsync("r/000000"));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("a/../../outside")]
    [InlineData("..")]
    [InlineData("/etc/passwd")]
    [InlineData("a/./b")]
    [InlineData("a\\b")]
    [InlineData("a b")]
    [InlineData("a/")]
    [InlineData("/a")]
    [InlineData("a//b")]
    [InlineData("")]
    [InlineData("a\n")]
    [InlineData("caf\u00e9")]
    [InlineData("chunk.tmp")]
    public async Task Keys_that_could_leave_the_root_or_carry_odd_characters_are_refused(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync(key, new MemoryStream([1])));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.OpenReadAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.DeleteAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ExistsAsync(key));
    }

    private sealed class FailingAfterSomeBytesStream : Stream
    {
        private int _reads;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_reads++ > 0)
            {
                throw new IOException("connection lost mid-upload");
            }

            Array.Fill(buffer, (byte)7, offset, count);
            return count;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
