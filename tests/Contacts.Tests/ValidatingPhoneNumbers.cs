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
    [InlineData("+44 7400 123456", "+447400123456")]
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
