using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Platform.Identity.Api.Tokens;

namespace Platform.Identity.Tests;

/// <summary>What the identity service refuses to start with in Production: anything that lets a developer's laptop mint tokens.</summary>
public sealed class StartingInProduction
{
    private static readonly string EncryptionKey = Convert.ToBase64String(new byte[32]);

    private static WebApplicationBuilder Builder(string environment, params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = "Host=localhost",
            ["Identity:Issuer"] = "https://platform.example.org/",
            ["Identity:EncryptionKey"] = EncryptionKey,
        });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        return builder;
    }

    [Theory]
    [InlineData("Identity:DevelopmentClient", "true")]
    [InlineData("Identity:SigningKeyFile", "/home/dev/.platform/dev-keys/signing-key.pem")]
    public void The_development_client_and_key_file_are_refused_at_start_up_in_production(string key, string value)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Builder("Production", (key, value)).AddTokenServer());

        Assert.Contains("refused in Production", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_signs_with_the_key_from_its_secret_and_local_runs_with_the_developers_key()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var keys = Platform.Testing.TestTokens.InNewDirectory();

        var production = SigningKeyOf(Builder("Production", ("Identity:SigningKey", key.ExportPkcs8PrivateKeyPem())));
        var local = SigningKeyOf(Builder("Local", ("Identity:SigningKeyFile", Path.Combine(keys.KeyDirectory, "signing-key.pem")),
            ("Identity:DevelopmentClient", "true")));

        Assert.Equal(SecurityAlgorithms.EcdsaSha256, production.Algorithm);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), ((ECDsaSecurityKey)production.Key).ECDsa.ExportSubjectPublicKeyInfo());
        Assert.Equal(File.ReadAllText(keys.PublicKeyFile).Trim(),
            ((ECDsaSecurityKey)local.Key).ECDsa.ExportSubjectPublicKeyInfoPem().Trim());
    }

    private static SigningCredentials SigningKeyOf(WebApplicationBuilder builder)
    {
        builder.AddTokenServer();
        using var app = builder.Build();
        return Assert.Single(app.Services.GetRequiredService<IOptions<OpenIddict.Server.OpenIddictServerOptions>>().Value.SigningCredentials);
    }
}
