using Platform.Contacts.Api.Beneficiaries;

namespace Platform.Contacts.Tests;

public sealed class KeepingWordingNeutral
{
    [Theory]
    [InlineData("VIOLENCES conjugales", true)]
    [InlineData("Je suis en dângèr", true)]
    [InlineData("Appelle-moi vite", false)]
    [InlineData("Viens dîner", false)]
    public void Alarming_words_are_found_whatever_their_case_or_accents(string text, bool alarming)
    {
        Assert.Equal(alarming, NeutralWording.SoundsAlarming(text));
    }
}
