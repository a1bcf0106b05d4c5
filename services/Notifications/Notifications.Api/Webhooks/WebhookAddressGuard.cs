using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Platform.Notifications.Api.Webhooks;

/// <summary>Resolves a webhook's host name to the addresses a connection may use.</summary>
public delegate Task<IPAddress[]> ResolveHost(string host, CancellationToken cancellationToken);

/// <summary>
/// Keeps association webhooks from reaching inside our own network (server-side request forgery): an admin types the URL,
/// so it could name the cloud metadata service, a database or an internal API. Checked twice: when the endpoint is
/// registered, and on every connection, against the addresses the name resolves to at that moment.
/// </summary>
/// <param name="allowListedHosts">Host names or IP addresses exempt from both https and the network check (local
/// development and tests only, e.g. <c>localhost</c>, <c>127.0.0.1</c>).</param>
/// <param name="resolve">How host names are resolved at send time: DNS (tests name a resolver that answers what a
/// rebinding DNS server would).</param>
public sealed class WebhookAddressGuard(IEnumerable<string> allowListedHosts, ResolveHost? resolve = null)
{
    public const int LongestAddress = 2048;
    private const string InternalAddressRefusal =
        "points to a private, loopback, link-local or otherwise internal network address, which webhooks may not call.";

    private static readonly IPNetwork[] ForbiddenNetworks =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"), // carrier-grade NAT; also Alibaba's metadata service
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), // link-local, home of 169.254.169.254, the cloud metadata service
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("224.0.0.0/4"), // multicast
        IPNetwork.Parse("240.0.0.0/4"), // reserved, and 255.255.255.255 broadcast
        IPNetwork.Parse("::/96"), // unspecified, loopback and the deprecated IPv4-compatible form
        IPNetwork.Parse("100::/64"),
        IPNetwork.Parse("64:ff9b:1::/48"),
        IPNetwork.Parse("fc00::/7"), // unique local, home of fd00:ec2::254, AWS's IPv6 metadata service
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("fec0::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

    // These carry an IPv4 address that a translator on the path would reach.
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    private readonly HashSet<string> _allowListedNames = allowListedHosts
        .Select(NormalizeHost)
        .Where(host => !IPAddress.TryParse(host, out _))
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    private readonly HashSet<IPAddress> _allowListedAddresses = allowListedHosts
        .Select(NormalizeHost)
        .Select(host => IPAddress.TryParse(host, out var address) ? Normalize(address) : null)
        .OfType<IPAddress>()
        .ToHashSet();

    /// <summary>The registration check: an absolute https URL without credentials, not naming an internal address.</summary>
    /// <returns>False with a reason the admin can act on; the reason never quotes the URL (its query may hold a token).</returns>
    public bool TryAccept(string? address, [NotNullWhen(true)] out Uri? endpoint, [NotNullWhen(false)] out string? refusal)
    {
        endpoint = null;
        refusal = Refusal(address, out var uri);
        if (refusal is not null)
        {
            return false;
        }
        endpoint = uri!;
        return true;
    }

    /// <summary>True for addresses a webhook must never reach, whatever name led to them.</summary>
    public static bool IsForbidden(IPAddress address)
    {
        address = Normalize(address);
        if (ForbiddenNetworks.Any(network => network.Contains(address)))
        {
            return true;
        }
        if (Nat64.Contains(address))
        {
            return IsForbidden(new IPAddress(address.GetAddressBytes()[12..]));
        }
        if (SixToFour.Contains(address))
        {
            return IsForbidden(new IPAddress(address.GetAddressBytes()[2..6]));
        }
        return false;
    }

    public bool IsAllowListed(string host)
    {
        host = NormalizeHost(host);
        return IPAddress.TryParse(host, out var address) ? _allowListedAddresses.Contains(Normalize(address)) : _allowListedNames.Contains(host);
    }

    /// <summary>
    /// The handler every webhook delivery goes through. Its connect step resolves the host once, refuses the connection if
    /// any answer is internal, and connects to exactly the addresses it checked, so a second DNS answer cannot rebind the
    /// name to an internal address between the check and the connection.
    /// </summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        ConnectCallback = ConnectAsync,
        // A redirect would be followed without the registration check: the receiver must answer 2xx itself.
        AllowAutoRedirect = false,
        // Through a proxy, the proxy would resolve the name after our check, and connect wherever it says.
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        // Each connection is pinned to an address checked when it opened: renew them so a moved endpoint is followed and checked again.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = NormalizeHost(context.DnsEndPoint.Host);
        var hostAllowListed = IsAllowListed(host);
        if (context.InitialRequestMessage.RequestUri is { } uri && uri.Scheme != Uri.UriSchemeHttps && !hostAllowListed)
        {
            throw new WebhookAddressRefusedException($"Webhooks to {host} must use https.");
        }
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : resolve is null ? await Dns.GetHostAddressesAsync(host, cancellationToken) : await resolve(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new WebhookAddressRefusedException($"{host} resolves to no address.");
        }
        // Only the host as the URL names it is exempt: another name resolving to an allow-listed address is not (a DNS
        // answer is not the admin's choice).
        if (!hostAllowListed && addresses.FirstOrDefault(IsForbidden) is { } forbidden)
        {
            throw new WebhookAddressRefusedException(literal is null
                ? $"{host} resolves to {forbidden}, which {InternalAddressRefusal}"
                : $"{host} {InternalAddressRefusal}");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private string? Refusal(string? address, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(address))
        {
            return "Enter the endpoint's URL.";
        }
        if (address.Length > LongestAddress)
        {
            return $"The URL is longer than {LongestAddress} characters.";
        }
        if (!Uri.TryCreate(address, UriKind.Absolute, out uri) || string.IsNullOrEmpty(uri.Host))
        {
            return "The URL is not a complete address (https://host/path).";
        }
        var host = NormalizeHost(uri.IdnHost);
        var allowListed = IsAllowListed(host);
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && allowListed))
        {
            return "The URL must start with https://.";
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "The URL must not hold a user name or password: the signature authenticates each delivery.";
        }
        if (!allowListed && (IPAddress.TryParse(host, out var literal) ? IsForbidden(literal) : IsLocalName(host)))
        {
            return $"The URL {InternalAddressRefusal}";
        }
        return null;
    }

    // RFC 6761: these names always mean this machine, whatever DNS says.
    private static bool IsLocalName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static string NormalizeHost(string host) => host.Trim().TrimStart('[').TrimEnd(']').TrimEnd('.').ToLowerInvariant();
}
