using Platform.Testing;
using System.Net;
using System.Net.Sockets;

namespace Platform.Identity.Tests;

/// <summary>The identity service alone, on its own database and virtual host, signing with a test key.</summary>
public class IdentityHost : ServiceHost<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public IdentityHost()
        : this(new Uri("http://localhost/"), listen: false, new Dictionary<string, string?>())
    {
    }

    /// <param name="issuer">Its public address (the tokens' issuer).</param>
    /// <param name="listen">On a real socket at the issuer's port (Kestrel), for browsers and other services to reach it.</param>
    protected IdentityHost(Uri issuer, bool listen, IReadOnlyDictionary<string, string?> settings)
        : base("identity")
    {
        Issuer = issuer;
        _settings = settings;
        if (listen)
        {
            UseKestrel(issuer.Port);
        }
    }

    public Uri Issuer { get; }
    public string EncryptionKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
    [
        new("Identity:Issuer", Issuer.ToString()),
        new("Identity:EncryptionKey", EncryptionKey),
        new("Identity:SigningKeyFile", Path.Combine(Tokens.KeyDirectory, "signing-key.pem")),
        new("Identity:RequireHttps", "false"),
        .. _settings,
    ];

    /// <summary>A port nobody listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
