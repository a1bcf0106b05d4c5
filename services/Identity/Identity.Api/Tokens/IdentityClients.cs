using OpenIddict.Abstractions;
using Microsoft.Extensions.Options;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Identity.Api.Tokens;

/// <summary>
/// The platform's own clients, registered at start-up under the schema's lock (replicas take turns); the development
/// client only where allowed.
/// </summary>
public sealed class IdentityClients(IOpenIddictApplicationManager applications, IOptions<IdentityServerOptions> options)
{
    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        await EnsureAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = PlatformGrants.AppClient,
            ClientType = ClientTypes.Public,
            DisplayName = "Her app",
            Permissions =
            {
                Permissions.Endpoints.Token,
                Permissions.Endpoints.Revocation,
                Permissions.Prefixes.GrantType + PlatformGrants.ActivationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.Prefixes.Scope + Scopes.OfflineAccess,
            },
        }, cancellationToken);
        var console = new OpenIddictApplicationDescriptor
        {
            ClientId = PlatformGrants.ConsoleClient,
            // A browser app: no secret it could keep; the code is bound to it by PKCE.
            ClientType = ClientTypes.Public,
            DisplayName = "Association console",
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Prefixes.Scope + Scopes.OfflineAccess,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var redirect in options.Value.ConsoleRedirectUris)
        {
            console.RedirectUris.Add(redirect);
        }
        await EnsureAsync(console, cancellationToken);
        if (options.Value.DevelopmentClient)
        {
            await EnsureAsync(new OpenIddictApplicationDescriptor
            {
                ClientId = PlatformGrants.DevelopmentClient,
                ClientType = ClientTypes.Public,
                DisplayName = "Development tokens (./platform token, tests)",
                Permissions = { Permissions.Endpoints.Token, Permissions.Prefixes.GrantType + PlatformGrants.Development },
            }, cancellationToken);
        }
        else if (await applications.FindByClientIdAsync(PlatformGrants.DevelopmentClient, cancellationToken) is { } leftover)
        {
            // A database once used for development keeps no door open once the client is switched off.
            await applications.DeleteAsync(leftover, cancellationToken);
        }
    }

    private async Task EnsureAsync(OpenIddictApplicationDescriptor descriptor, CancellationToken cancellationToken)
    {
        if (await applications.FindByClientIdAsync(descriptor.ClientId!, cancellationToken) is { } existing)
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
        }
        else
        {
            await applications.CreateAsync(descriptor, cancellationToken);
        }
    }
}
