using System.Diagnostics;

namespace Platform.Testing;

/// <summary>
/// Waits for an asynchronous system to reach a state, polling a condition: never a fixed sleep, which is either too
/// short (flaky) or too long (slow).
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        await ValueAsync(async () => (await condition(), true), what, timeout);
    }

    public static async Task<T> ValueAsync<T>(Func<Task<(bool Found, T Value)>> probe, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < limit)
        {
            try
            {
                var (found, value) = await probe();
                if (found)
                {
                    return value;
                }
            }
            catch (Exception notYet) when (notYet is HttpRequestException or TaskCanceledException)
            {
                last = notYet;
            }
            await Task.Delay(PollInterval);
        }
        throw new TimeoutException($"Timed out after {limit.TotalSeconds:F0} s waiting for {what}.", last);
    }
}
