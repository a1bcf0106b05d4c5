using Platform.Notifications.Api.Webhooks;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Platform.Notifications.Tests;

public sealed class GuardingWebhookAddresses
{
    private static readonly WebhookAddressGuard Strict = new([]);
    private static readonly WebhookAddressGuard LocalDevelopment = new(["localhost", "127.0.0.1"]);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.100.100.200")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::127.0.0.1")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("ff02::1")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("2002:a9fe:a9fe::1")]
    public void Internal_addresses_are_forbidden(string address)
    {
        Assert.True(WebhookAddressGuard.IsForbidden(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("::ffff:93.184.216.34")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("64:ff9b::5db8:d822")]
    public void Public_addresses_are_allowed(string address)
    {
        Assert.False(WebhookAddressGuard.IsForbidden(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("https://hooks.example.org/alerts")]
    [InlineData("https://hooks.example.org:8443/alerts?token=abc")]
    [InlineData("https://93.184.216.34/alerts")]
    public void A_public_https_url_is_accepted(string address)
    {
        Assert.True(Strict.TryAccept(address, out var endpoint, out var refusal), refusal);
        Assert.Equal(new Uri(address), endpoint);
    }

    [Theory]
    [InlineData(null, "Enter")]
    [InlineData("  ", "Enter")]
    [InlineData("hooks.example.org/alerts", "complete address")]
    [InlineData("/alerts", "https://")]
    [InlineData("http://hooks.example.org/alerts", "https://")]
    [InlineData("ftp://hooks.example.org/alerts", "https://")]
    [InlineData("file:///etc/passwd", "complete address")]
    [InlineData("https://admin:hunter2@hooks.example.org/alerts", "user name or password")]
    [InlineData("https://127.0.0.1/alerts", "internal")]
    [InlineData("https://10.1.2.3/alerts", "internal")]
    [InlineData("https://169.254.169.254/latest/meta-data/", "internal")]
    [InlineData("https://[::1]/alerts", "internal")]
    [InlineData("https://[::ffff:10.0.0.1]/alerts", "internal")]
    [InlineData("https://[fd00:ec2::254]/alerts", "internal")]
    [InlineData("https://2130706433/alerts", "internal")]
    [InlineData("https://localhost/alerts", "internal")]
    [InlineData("https://api.localhost/alerts", "internal")]
    public void Anything_else_is_refused_with_a_reason(string? address, string reason)
    {
        Assert.False(Strict.TryAccept(address, out var endpoint, out var refusal));
        Assert.Null(endpoint);
        Assert.Contains(reason, refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refusal_never_repeats_the_url_which_may_carry_a_token()
    {
        Assert.False(Strict.TryAccept("http://hooks.example.org/alerts?token=s3cr3t", out _, out var refusal));
        Assert.DoesNotContain("s3cr3t", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080/hooks")]
    [InlineData("https://127.0.0.1/hooks")]
    [InlineData("http://localhost:5080/hooks")]
    [InlineData("http://LOCALHOST./hooks")]
    public void An_allow_listed_local_host_is_accepted_over_plain_http_for_development(string address)
    {
        Assert.True(LocalDevelopment.TryAccept(address, out _, out var refusal), refusal);
    }

    [Fact]
    public void The_allow_list_exempts_only_the_hosts_it_names()
    {
        Assert.False(LocalDevelopment.TryAccept("http://10.0.0.1/hooks", out _, out _));
        Assert.False(LocalDevelopment.TryAccept("http://hooks.example.org/hooks", out _, out _));
        Assert.True(new WebhookAddressGuard(["::1"]).TryAccept("http://[::1]:5080/hooks", out _, out _));
    }

    [Fact]
    public void The_handler_follows_no_redirect_and_no_proxy_and_renews_its_connections()
    {
        using var handler = Strict.CreateHandler();

        Assert.False(handler.AllowAutoRedirect);
        Assert.False(handler.UseProxy);
        Assert.NotNull(handler.ConnectCallback);
        Assert.InRange(handler.PooledConnectionLifetime, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15));
    }

    [Theory]
    [InlineData("http://127.0.0.1:{0}/hooks", "https")]
    [InlineData("https://127.0.0.1:{0}/hooks", "127.0.0.1")]
    [InlineData("https://localhost:{0}/hooks", "localhost resolves to")]
    public async Task A_connection_to_a_loopback_address_is_refused_before_it_is_made(string address, string reason)
    {
        await using var receiver = LocalReceiver.Start("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n");
        using var client = new HttpClient(Strict.CreateHandler());

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() =>
            client.PostAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, address, receiver.Port), new StringContent("{}")));

        var refused = WebhookAddressRefusedException.FoundIn(failure);
        Assert.NotNull(refused);
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, receiver.Connections);
    }

    [Theory]
    [InlineData("http://127.0.0.1:{0}/hooks")]
    [InlineData("http://localhost:{0}/hooks")]
    public async Task An_allow_listed_local_receiver_is_reached(string address)
    {
        await using var receiver = LocalReceiver.Start("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n");
        using var client = new HttpClient(LocalDevelopment.CreateHandler());

        using var response = await client.PostAsync(
            string.Format(System.Globalization.CultureInfo.InvariantCulture, address, receiver.Port), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(1, receiver.Connections);
    }

    [Fact]
    public async Task A_redirect_to_the_metadata_service_is_not_followed()
    {
        await using var receiver = LocalReceiver.Start(
            "HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest/meta-data/\r\nContent-Length: 0\r\n");
        using var client = new HttpClient(LocalDevelopment.CreateHandler());

        using var response = await client.PostAsync($"http://127.0.0.1:{receiver.Port}/hooks", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(WebhookAttemptOutcome.Failed, WebhookRetrySchedule.Classify(response.StatusCode, timedOut: false));
    }

    /// <summary>A bare TCP listener on loopback that gives every request the same answer, and counts the connections it accepted.</summary>
    private sealed class LocalReceiver : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly byte[] _answer;
        private Task _accepting = Task.CompletedTask;
        private int _connections;

        private LocalReceiver(string answerHead)
        {
            _answer = Encoding.ASCII.GetBytes(answerHead + "Connection: close\r\n\r\n");
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Connections => Volatile.Read(ref _connections);

        public static LocalReceiver Start(string answerHead)
        {
            var receiver = new LocalReceiver(answerHead);
            receiver._listener.Start();
            receiver._accepting = receiver.AcceptAsync();
            return receiver;
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    using var connection = await _listener.AcceptTcpClientAsync(_stop.Token);
                    Interlocked.Increment(ref _connections);
                    var stream = connection.GetStream();
                    var request = new StringBuilder();
                    var buffer = new byte[4096];
                    while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        var read = await stream.ReadAsync(buffer, _stop.Token);
                        if (read == 0)
                        {
                            break;
                        }
                        request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    }
                    await stream.WriteAsync(_answer, _stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
            // Stopped between two connections: the loop came back to accept after the listener stopped (a race of the
            // disposal, not a failure of the test).
            catch (Exception stopped) when (_stop.IsCancellationRequested
                && stopped is InvalidOperationException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting;
            _stop.Dispose();
        }
    }
}
