using Platform.Contacts.Api.Beneficiaries;

namespace Platform.Contacts.Tests;

public sealed class ValidatingPhoneNumbers
{
    [Theory]
    [InlineData("06 12 34 56 78", "+33612345678")]
    [InlineData("0612345678", "+33612345678")]
    [InlineData("06.12.34.56.78", "+33612345678")]
    [InlineData("+33 6 12 34 56 78", "+33612345678")]
    [InlineData("0033 6 12 34 56 78", "+33612345678")]
    [InlineData("+49 151 23456789", "+4915123456789")]
    [InlineData("+262 692 12 34 56", "+262692123456")]
    [InlineData("01 42 68 53 00", "+33142685300")]
    public void A_valid_number_is_stored_in_E164(string written, string e164)
    {
        var errors = new Dictionary<string, string[]>();

        var phone = BeneficiaryRules.E164OrError(errors, "phone", written);

        Assert.Equal(e164, phone);
        Assert.Empty(errors);
    }

    [Fact]
    public void A_uk_number_from_the_range_ofcom_keeps_for_fiction_is_refused_because_it_can_never_ring()
    {
        // 07700 900000 to 900999 is reserved for drama and never allocated: an SMS to it cannot reach anyone.
        var errors = new Dictionary<string, string[]>();

        var phone = BeneficiaryRules.E164OrError(errors, "phone", "+44 7700 900123");

        Assert.Null(phone);
        Assert.Equal(["phone"], errors.Keys);
    }

    [Theory]
    [InlineData("08 99 23 45 67")]
    [InlineData("08 10 12 34 56")]
    [InlineData("08 00 12 34 56")]
    [InlineData("+881 6 3123 4567")]
    [InlineData("+870 7731 23456")]
    public void Premium_rate_shared_cost_toll_free_and_satellite_numbers_are_refused(string written)
    {
        var errors = new Dictionary<string, string[]>();

        var phone = BeneficiaryRules.E164OrError(errors, "phone", written);

        Assert.Null(phone);
        Assert.Equal(["phone"], errors.Keys);
    }

    [Fact]
    public void A_number_outside_france_and_the_eu_is_refused_unless_its_region_is_allowed()
    {
        var errors = new Dictionary<string, string[]>();

        Assert.Null(BeneficiaryRules.E164OrError(errors, "phone", "+44 7400 123456"));
        Assert.Contains("GB", errors["phone"][0], StringComparison.Ordinal);
        var withTheUk = PhoneNumberRules.From(new PhoneNumberOptions { AllowedRegions = ["FR", "GB"] });
        Assert.Equal("+447400123456", BeneficiaryRules.E164OrError([], "phone", "+44 7400 123456", withTheUk));
        Assert.Null(BeneficiaryRules.E164OrError([], "phone", "+49 151 23456789", withTheUk));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("12")]
    [InlineData("not a number")]
    [InlineData("06 12 34")]
    [InlineData("+33 6 12 34 56 78 90 12")]
    public void Anything_else_is_refused_under_the_field_name(string? written)
    {
        var errors = new Dictionary<string, string[]>();

        var phone = BeneficiaryRules.E164OrError(errors, "phone", written);

        Assert.Null(phone);
        Assert.Equal(["phone"], errors.Keys);
    }
}
