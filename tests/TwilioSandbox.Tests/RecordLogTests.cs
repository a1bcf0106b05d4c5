using Platform.TwilioSandbox.Recording;

namespace TwilioSandbox.Tests;

public sealed class RecordLogTests
{
    private sealed record Entry(string Sid, string To = "+447700900000") : IRecorded;

    [Fact]
    public void Past_its_capacity_the_log_drops_the_oldest_records()
    {
        var log = new RecordLog<Entry>(capacity: 2);

        log.Add(new Entry("one"));
        log.Add(new Entry("two"));
        log.Add(new Entry("three"));

        Assert.Equal(["two", "three"], log.List().Select(entry => entry.Sid));
        Assert.Null(log.Find("one"));
        Assert.Null(log.Update("one", entry => entry));
    }

    [Fact]
    public async Task Concurrent_adds_are_all_kept_up_to_the_capacity()
    {
        var log = new RecordLog<Entry>(capacity: 10_000);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                log.Add(new Entry($"{worker}-{i}"));
            }
        })));

        Assert.Equal(8_000, log.List().Count);
    }

    [Fact]
    public void Records_are_numbered_in_arrival_order_and_paged_after_a_sequence()
    {
        var log = new RecordLog<Entry>(capacity: 10);
        foreach (var sid in new[] { "a", "b", "c", "d", "e" })
        {
            log.Add(new Entry(sid));
        }

        Assert.Equal([(1L, "a"), (2L, "b")], log.After(0, limit: 2).Select(entry => (entry.Sequence, entry.Record.Sid)));
        Assert.Equal([(3L, "c"), (4L, "d"), (5L, "e")], log.After(2, limit: 10).Select(entry => (entry.Sequence, entry.Record.Sid)));
        Assert.Empty(log.After(5, limit: 10));
        Assert.Empty(log.After(99, limit: 10));
    }

    [Fact]
    public void Paging_and_lookups_by_number_stay_right_long_after_the_oldest_were_dropped()
    {
        var log = new RecordLog<Entry>(capacity: 1_500);
        for (var i = 1; i <= 5_000; i++)
        {
            log.Add(new Entry($"m{i}", To: i % 2 == 0 ? "+447700900002" : "+447700900001"));
        }

        // Sequences 1 to 3500 were dropped: a page from the start begins at the oldest kept.
        Assert.Equal(3_501, log.After(0, limit: 1).Single().Sequence);
        Assert.Equal(["m4000", "m4001"], log.After(3_999, limit: 2).Select(entry => entry.Record.Sid));
        Assert.Equal(750, log.ListTo("+447700900002").Count);
        Assert.Equal("m3502", log.ListTo("+447700900002")[0].Sid);
        Assert.Empty(log.ListTo("+447700900003"));
        Assert.Null(log.Find("m3500"));
        Assert.Equal("m3501", log.Find("m3501")!.Sid);
    }

    [Fact]
    public void A_number_whose_records_were_all_dropped_lists_nothing()
    {
        var log = new RecordLog<Entry>(capacity: 1);

        log.Add(new Entry("first", To: "+447700900001"));
        log.Add(new Entry("second", To: "+447700900002"));

        Assert.Empty(log.ListTo("+447700900001"));
        Assert.Equal("second", Assert.Single(log.ListTo("+447700900002")).Sid);
    }
}
