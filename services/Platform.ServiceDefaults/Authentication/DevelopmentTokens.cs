using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Platform.ServiceDefaults.Authentication;

/// <summary>Mints development tokens shaped like the production identity provider's.</summary>
public static class DevelopmentTokens
{
    public const string DefaultIssuer = "platform-dev";
    public const string DefaultAudience = "platform";

    /// <summary>The longest a development token lives: one working day.</summary>
    public const int MaxLifetimeMinutes = 1440;

    /// <param name="rights">Operator rights (<see cref="PlatformRights"/>), a JSON array in the token.</param>
    public static string Mint(SecurityKey signingKey, string role, Guid? associationId, Guid subject, TimeSpan lifetime, TimeProvider time,
        IReadOnlyList<string>? rights = null)
    {
        if (!PlatformRoles.All.Contains(role))
        {
            throw new ArgumentException($"Unknown role '{role}'; expected one of {string.Join(", ", PlatformRoles.All)}.", nameof(role));
        }
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [PlatformClaims.Subject] = subject.ToString(),
            [PlatformClaims.Role] = role,
        };
        if (associationId is { } association)
        {
            claims[PlatformClaims.AssociationId] = association.ToString();
        }
        if (rights is { Count: > 0 })
        {
            if (rights.FirstOrDefault(right => !PlatformRights.All.Contains(right)) is { } unknown)
            {
                throw new ArgumentException($"Unknown right '{unknown}'; expected some of {string.Join(", ", PlatformRights.All)}.", nameof(rights));
            }
            claims[PlatformClaims.Rights] = rights.ToArray();
        }
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = DefaultIssuer,
            Audience = DefaultAudience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.Add(lifetime),
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.EcdsaSha256),
        });
    }
}
