using Platform.Contacts.Api.Beneficiaries;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;
using static Platform.Contacts.Tests.BeneficiaryScenarios;

namespace Platform.Contacts.Tests;

public sealed class SeeingABeneficiary
{
    [Fact]
    public void An_operator_of_her_association_sees_her()
    {
        Assert.True(Enrolled().IsVisibleTo(Caller(PlatformRoles.Operator, Association, Guid.NewGuid())));
    }

    [Fact]
    public void An_operator_of_another_association_does_not()
    {
        Assert.False(Enrolled().IsVisibleTo(Caller(PlatformRoles.Operator, OtherAssociation, Guid.NewGuid())));
    }

    [Fact]
    public void She_sees_herself()
    {
        Assert.True(Enrolled().IsVisibleTo(Caller(PlatformRoles.Beneficiary, Association, BeneficiaryId)));
    }

    [Fact]
    public void Another_beneficiary_of_her_association_does_not()
    {
        Assert.False(Enrolled().IsVisibleTo(Caller(PlatformRoles.Beneficiary, Association, Guid.NewGuid())));
    }

    [Fact]
    public void Her_own_id_under_another_association_does_not()
    {
        Assert.False(Enrolled().IsVisibleTo(Caller(PlatformRoles.Beneficiary, OtherAssociation, BeneficiaryId)));
    }

    private static ClaimsPrincipal Caller(string role, Guid associationId, Guid subject) => new(new ClaimsIdentity(
        [
            new Claim(PlatformClaims.Subject, subject.ToString()),
            new Claim(PlatformClaims.Role, role),
            new Claim(PlatformClaims.AssociationId, associationId.ToString()),
        ], "test", PlatformClaims.Subject, PlatformClaims.Role));
}
