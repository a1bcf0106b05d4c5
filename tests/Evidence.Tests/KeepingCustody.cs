using System.Security.Cryptography;
using System.Text;
using Platform.Evidence.Integrity;

namespace Platform.Evidence.Tests;

public sealed class KeepingCustody
{
    private static CustodyLog ThreeEntries()
    {
        var log = new CustodyLog();
        var at = SampleRecording.StartedAt;
        log.Append(at, CustodyAction.Started, "device:button-7f3a", "device");
        log.Append(at.AddMinutes(2), CustodyAction.Sealed, "service:evidence", "system", detail: "manifest.json sha256=00");
        log.Append(at.AddDays(1), CustodyAction.Accessed, "staff:42", "caseworker", reason: "listening before the hearing");
        return log;
    }

    [Fact]
    public void An_untouched_log_verifies_alone_and_each_entry_links_to_the_one_before()
    {
        var log = ThreeEntries();

        var (entries, problems) = CustodyLog.Verify(Encoding.UTF8.GetString(log.ToJsonLines()));

        Assert.Empty(problems);
        Assert.Equal(3, entries.Count);
        Assert.Equal(CustodyEntry.NoPreviousHash, log.Entries[0].PreviousHash);
        Assert.Equal(log.Entries[1].Hash, log.Entries[2].PreviousHash);
    }

    [Fact]
    public void An_edited_reason_is_named_by_its_line()
    {
        var lines = ThreeEntries().ToJsonLines();
        ZipContents.FlipByteAfter(lines, "\"reason\":\"", line: 3);

        var (_, problems) = CustodyLog.Verify(Encoding.UTF8.GetString(lines));

        Assert.Equal([new CustodyProblem(3, "hash does not match its content")], problems);
    }

    [Fact]
    public void A_removed_entry_breaks_the_link_of_the_line_after_it()
    {
        var lines = Encoding.UTF8.GetString(ThreeEntries().ToJsonLines()).Split('\n');

        var (_, problems) = CustodyLog.Verify(string.Join('\n', lines[0], lines[2]) + "\n");

        Assert.Equal(2, Assert.Single(problems).LineNumber);
        Assert.Contains("previousHash", problems[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_action_has_a_wire_name_that_reads_back()
    {
        foreach (var action in Enum.GetValues<CustodyAction>())
        {
            Assert.Equal(action, CustodyActions.FromWireName(CustodyActions.WireName(action)));
        }
        Assert.Equal("chunkStored", CustodyActions.WireName(CustodyAction.ChunkStored));
    }

    [Fact]
    public void A_line_hashes_to_its_own_text_without_the_hash_field_so_it_can_be_checked_by_hand()
    {
        var log = new CustodyLog();
        log.Append(SampleRecording.StartedAt, CustodyAction.Held, "staff:7", "caseworker", reason: "demande de l'avocate, réquisition n° 26/01234 <urgent> & +33");
        var line = Encoding.UTF8.GetString(log.ToJsonLines()).TrimEnd('\n');

        var withoutHash = line[..line.LastIndexOf(",\"hash\":", StringComparison.Ordinal)] + "}";

        Assert.Contains("l'avocate, réquisition n° 26/01234 <urgent> & +33", line, StringComparison.Ordinal);
        Assert.Equal(log.Entries[0].Hash, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(withoutHash))));
    }
}
