using Platform.TwilioSandbox.Recording;

namespace TwilioSandbox.Tests;

public sealed class RecordLogTests
{
    private sealed record Entry(string Sid) : IRecorded;

    [Fact]
    public void Past_its_capacity_the_log_drops_the_oldest_records()
    {
        var log = new RecordLog<Entry>(capacity: 2);

        log.Add(new Entry("one"));
        log.Add(new Entry("two"));
        log.Add(new Entry("three"));

        Assert.Equal(["two", "three"], log.List(_ => true).Select(entry => entry.Sid));
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

        Assert.Equal(8_000, log.List(_ => true).Count);
    }
}
