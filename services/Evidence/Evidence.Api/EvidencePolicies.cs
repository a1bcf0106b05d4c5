using Platform.ServiceDefaults.Authentication;

namespace Platform.Evidence.Api;

public static class EvidencePolicies
{
    /// <summary>Her, or an operator of her association holding the evidence right. Never a contact, never the region's admin.</summary>
    public const string Reader = "evidence-reader";

    /// <summary>An operator holding the evidence right: legal holds are the association's answer to a court.</summary>
    public const string Custodian = "evidence-custodian";

    public static WebApplicationBuilder AddEvidencePolicies(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Reader, policy => policy.RequireClaim(PlatformClaims.AssociationId).RequireAssertion(context =>
                context.User.IsInRole(PlatformRoles.Beneficiary)
                || (context.User.IsInRole(PlatformRoles.Operator) && context.User.HasClaim(PlatformClaims.Rights, PlatformRights.Evidence))))
            .AddPolicy(Custodian, policy => policy.RequireRole(PlatformRoles.Operator).RequireClaim(PlatformClaims.AssociationId)
                .RequireClaim(PlatformClaims.Rights, PlatformRights.Evidence));
        return builder;
    }
}
