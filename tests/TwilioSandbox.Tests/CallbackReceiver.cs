using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Logging;

namespace TwilioSandbox.Tests;

/// <param name="ArrivedAt">Stopwatch timestamp of its arrival, for tests about spacing.</param>
public sealed record ReceivedCallback(string Url, Dictionary<string, string> Form, string Signature, string? IdempotencyToken, long ArrivedAt);

/// <summary>
/// Stands in for the platform's webhook endpoint. It must be a real Kestrel listener on loopback:
/// the sandbox posts callbacks over the network, and an in-memory test server is not reachable that way.
/// </summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedCallback> _received;

    private CallbackReceiver(WebApplication app, Channel<ReceivedCallback> received)
    {
        _app = app;
        _received = received;
        BaseUrl = app.Urls.Single().TrimEnd('/');
    }

    public string BaseUrl { get; }

    public static async Task<CallbackReceiver> StartAsync(int answerWith = StatusCodes.Status200OK)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();

        var received = Channel.CreateUnbounded<ReceivedCallback>();
        app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            received.Writer.TryWrite(new ReceivedCallback(
                request.GetEncodedUrl(),
                form.ToDictionary(field => field.Key, field => field.Value.ToString(), StringComparer.Ordinal),
                request.Headers["X-Twilio-Signature"].ToString(),
                request.Headers["I-Twilio-Idempotency-Token"].FirstOrDefault(),
                System.Diagnostics.Stopwatch.GetTimestamp()));
            return Results.StatusCode(answerWith);
        });

        await app.StartAsync();
        return new CallbackReceiver(app, received);
    }

    public async Task<ReceivedCallback> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    /// <returns>The next callback within <paramref name="wait"/>, or null if none came.</returns>
    public async Task<ReceivedCallback?> TryNextAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await _received.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
