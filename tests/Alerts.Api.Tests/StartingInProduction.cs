using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Platform.ServiceDefaults.Authentication;

namespace Platform.Alerts.Api.Tests;

/// <summary>How every service sets up token validation (Platform.ServiceDefaults), whatever the service.</summary>
public sealed class StartingInProduction
{
    private static WebApplicationBuilder Builder(string environment, params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        return builder;
    }

    [Fact]
    public void The_development_key_is_refused_at_start_up_in_production()
    {
        var keys = Platform.Testing.TestTokens.InNewDirectory();

        var refused = Assert.Throws<InvalidOperationException>(() =>
            Builder("Production", ("Auth:DevelopmentKeyFile", keys.PublicKeyFile)).AddPlatformAuthentication());

        Assert.Contains("Auth:Authority", refused.Message, StringComparison.Ordinal);
        // Locally, and with an identity service named in production, it starts.
        Builder("Local", ("Auth:DevelopmentKeyFile", keys.PublicKeyFile)).AddPlatformAuthentication();
        Builder("Production", ("Auth:Authority", "https://identity.example.org"), ("Auth:DevelopmentKeyFile", keys.PublicKeyFile))
            .AddPlatformAuthentication();
    }
}
