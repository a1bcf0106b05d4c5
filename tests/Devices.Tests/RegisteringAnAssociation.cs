using Platform.Devices.Api.Associations.Registering;
using Platform.ServiceDefaults;
using static Platform.Devices.Tests.DeviceScenarios;

namespace Platform.Devices.Tests;

public sealed class RegisteringAnAssociation
{
    [Fact]
    public void A_new_association_is_registered_under_its_upper_case_code()
    {
        var registered = RegisterAssociationSlice.Decide(Association, new RegisterAssociation(" cidff-69 ", " CIDFF du Rhône "), null, null);

        Assert.Equal(Registered, registered);
    }

    [Fact]
    public void Registering_the_same_again_changes_nothing()
    {
        Assert.Null(RegisterAssociationSlice.Decide(Association, new RegisterAssociation("CIDFF-69", "CIDFF du Rhône"), Registered, Registered));
    }

    [Fact]
    public void An_association_may_be_renamed()
    {
        var renamed = RegisterAssociationSlice.Decide(Association, new RegisterAssociation("CIDFF-69", "CIDFF Lyon"), Registered, Registered);

        Assert.Equal(Registered with { Name = "CIDFF Lyon" }, renamed);
    }

    [Fact]
    public void A_code_another_association_holds_is_a_conflict()
    {
        var refusal = Assert.Throws<ProblemException>(() =>
            RegisterAssociationSlice.Decide(OtherAssociation, new RegisterAssociation("CIDFF-69", "Copycat"), null, Registered));

        Assert.Equal(409, refusal.Status);
        Assert.Equal(RegisterAssociationSlice.CodeTakenProblem, refusal.Type);
    }

    [Theory]
    [InlineData("C", true)]
    [InlineData("CIDFF 69", true)]
    [InlineData("CIDFF-69", false)]
    [InlineData(null, true)]
    public void A_code_is_2_to_30_letters_digits_or_dashes(string? code, bool refused)
    {
        Assert.Equal(refused, RegisterAssociationSlice.Validate(new RegisterAssociation(code, "Name")).ContainsKey("code"));
    }
}
