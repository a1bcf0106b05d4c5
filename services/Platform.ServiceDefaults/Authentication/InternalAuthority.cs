using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Platform.ServiceDefaults.Authentication;

/// <summary>
/// Reads the identity service's discovery document and signing keys at its in-cluster address. The document names the
/// public issuer's URLs (what her app and the console use); a pod fetching its keys there would leave the cluster and
/// come back through the ingress, which the NetworkPolicies rightly forbid. The keys are the same either way.
/// </summary>
public sealed class InternalAuthorityRetriever(Uri authority) : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var document = await retriever.GetDocumentAsync(address, cancel);
        var configuration = OpenIdConnectConfiguration.Create(document);
        if (configuration.JwksUri is { Length: > 0 } published)
        {
            var jwks = new Uri(authority, new Uri(published).PathAndQuery);
            configuration.JsonWebKeySet = Microsoft.IdentityModel.Tokens.JsonWebKeySet.Create(
                await retriever.GetDocumentAsync(jwks.ToString(), cancel));
            foreach (var key in configuration.JsonWebKeySet.GetSigningKeys())
            {
                configuration.SigningKeys.Add(key);
            }
        }
        return configuration;
    }
}
