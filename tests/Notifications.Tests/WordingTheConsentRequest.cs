using Platform.Contacts.Contracts;
using Platform.Notifications.Api.Consent;
using Platform.Sms;
using static Platform.Notifications.Tests.NotificationScenarios;

namespace Platform.Notifications.Tests;

public sealed class WordingTheConsentRequest
{
    [Theory]
    [InlineData("fr", false)]
    [InlineData("fr", true)]
    [InlineData("en", false)]
    [InlineData("en", true)]
    public void The_request_with_a_french_name_is_one_gsm7_sms(string language, bool neutral)
    {
        var text = ConsentSms.Compose(Request("Françoise", language, neutral));

        Assert.Equal(new SmsLength(SmsEncoding.Gsm7, text.Length, 1), SmsSegments.Measure(text));
        Assert.StartsWith("Francoise ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_french_request_is_transliterated_where_a_letter_is_outside_the_sms_alphabet()
    {
        var text = ConsentSms.Compose(Request("Anaïs", "fr", neutral: false));

        Assert.Equal("Anais vous a choisi(e) comme contact de confiance, pour etre alerté(e) si elle est en danger. " +
            "Répondez OUI pour accepter ou NON pour refuser.", text);
    }

    private static ContactConsentRequested Request(string name, string language, bool neutral) => new(Guid.CreateVersion7(), Now, Association,
        Beneficiary, Guid.CreateVersion7(), "+33612345678", language, name, neutral, IsReconfirmation: false);
}
