using Platform.Identity.Api.HerApp;

namespace Platform.Identity.Tests;

public sealed class HandingOutActivationCodes
{
    [Fact]
    public void A_code_is_ten_symbols_without_look_alikes_in_two_groups_and_never_the_same_twice()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => ActivationCodes.NewCode()).ToList();

        Assert.All(codes, code => Assert.Matches("^[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}$", code));
        Assert.Equal(codes.Count, codes.Distinct().Count());
        // Every symbol of the alphabet turns up: the draw is not skewed to part of it.
        Assert.Equal(ActivationCodes.Symbols.Order(), string.Concat(codes).Replace("-", "", StringComparison.Ordinal).Distinct().Order());
    }

    [Fact]
    public void What_she_types_means_the_same_code_whatever_the_case_spaces_and_dashes()
    {
        var code = ActivationCodes.NewCode();
        var typed = $" {code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal)} ";

        Assert.Equal(ActivationCodes.Hash(code), ActivationCodes.Hash(typed));
        Assert.NotEqual(ActivationCodes.Hash(code), ActivationCodes.Hash(ActivationCodes.NewCode()));
        // Only the hash is stored: it does not contain the code.
        Assert.DoesNotContain(ActivationCodes.Normalize(code), ActivationCodes.Hash(code), StringComparison.OrdinalIgnoreCase);
    }
}
