using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using System.Collections.Concurrent;

namespace Platform.Testing;

/// <summary>
/// An association's webhook receiver on a real loopback port (Kestrel): it captures every request as it arrived (headers,
/// raw body) and answers what the test scripted, in order, then 204.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedAnswer> _script = new();
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    /// <param name="Delay">How long to wait before answering (a slow receiver).</param>
    public sealed record ScriptedAnswer(int Status, TimeSpan? RetryAfter = null, TimeSpan Delay = default);

    /// <param name="Answered">The status the receiver answered.</param>
    public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, string Body, int Answered, DateTimeOffset At)
    {
        public string WebhookId => Headers["webhook-id"];
    }

    private WebhookReceiver(WebApplication app)
    {
        _app = app;
    }

    public Uri Address { get; private set; } = null!;

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>Only what it accepted (2xx): what the association's systems actually took in.</summary>
    public IReadOnlyList<ReceivedWebhook> Accepted => [.. _received.Where(r => r.Answered is >= 200 and < 300)];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", (Delegate)receiver.HandleAsync);
        await app.StartAsync();
        receiver.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hooks");
        return receiver;
    }

    public void Answer(params ScriptedAnswer[] answers)
    {
        foreach (var answer in answers)
        {
            _script.Enqueue(answer);
        }
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var answer = _script.TryDequeue(out var scripted) ? scripted : new ScriptedAnswer(StatusCodes.Status204NoContent);
        if (answer.Delay > TimeSpan.Zero)
        {
            await Task.Delay(answer.Delay, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        _received.Enqueue(new ReceivedWebhook(headers, body, answer.Status, DateTimeOffset.UtcNow));
        if (answer.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return Results.StatusCode(answer.Status);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
