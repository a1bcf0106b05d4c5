using Platform.Alerts.Contracts;
using Platform.Notifications.Api.Calls;
using Platform.Notifications.Api.Contacts;
using System.Xml.Linq;
using static Platform.Notifications.Tests.NotificationScenarios;

namespace Platform.Notifications.Tests;

public sealed class ScriptingTheCall
{
    private static readonly Uri Callback = new($"https://gateway.example/callbacks/twilio/voice?alert={AlertId}&recipient={Guid.Empty}");

    [Fact]
    public void The_call_speaks_her_words_then_asks_for_1_and_says_what_happens_without_it()
    {
        var twiml = XElement.Parse(CallScript.For(Call(), Her(), Sister("fr"), Callback));

        var gather = twiml.Element("Gather")!;
        Assert.Equal(("1", "POST", Callback.AbsoluteUri), ((string)gather.Attribute("numDigits")!, (string)gather.Attribute("method")!,
            (string)gather.Attribute("action")!));
        Assert.Equal("fr-FR", (string)gather.Element("Say")!.Attribute("language")!);
        Assert.Equal($"{AlertMessage} Camille a besoin d'aide. Sa position vous a été envoyée par SMS. " +
            "Appuyez sur 1 pour confirmer que vous intervenez.", gather.Element("Say")!.Value);
        Assert.Equal("Aucune touche reçue. Nous vous rappellerons.", twiml.Elements("Say").Single().Value);
    }

    [Fact]
    public void Whatever_she_or_her_association_typed_stays_text_inside_the_twiml()
    {
        var her = Her() with { DisplayName = "Zoé \"<Hangup/>\" & Co", AlertMessage = "Viens <vite> & appelle\u0001 l'aide" };

        var script = CallScript.For(Call(), her, Sister("fr"), Callback);
        var twiml = XElement.Parse(script);

        Assert.DoesNotContain("<Hangup/>", script, StringComparison.Ordinal);
        Assert.Empty(twiml.Descendants("Hangup"));
        Assert.StartsWith("Viens <vite> & appelle l'aide. Zoé \"<Hangup/>\" & Co a besoin d'aide.", twiml.Element("Gather")!.Value,
            StringComparison.Ordinal);
        Assert.Contains("&amp;recipient=", script, StringComparison.Ordinal);
    }

    [Fact]
    public void An_english_speaking_contact_hears_english()
    {
        var twiml = XElement.Parse(CallScript.For(Call(), Her(), Sister("en"), Callback));

        Assert.Equal("en-GB", (string)twiml.Element("Gather")!.Element("Say")!.Attribute("language")!);
        Assert.EndsWith("Press 1 to confirm you are coming.", twiml.Element("Gather")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_her_neutral_wording_the_call_does_not_say_she_needs_help()
    {
        var spoken = XElement.Parse(CallScript.For(Call(), Her() with { NeutralWording = true }, Sister("fr"), Callback)).Element("Gather")!.Value;

        Assert.DoesNotContain("aide", spoken[AlertMessage.Length..], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Camille", spoken, StringComparison.Ordinal);
    }

    [Fact]
    public void A_drill_call_says_it_is_a_test_first()
    {
        var spoken = XElement.Parse(CallScript.For(Call() with { Source = AlertSource.Drill }, Her(), Sister("fr"), Callback)).Element("Gather")!.Value;

        Assert.StartsWith("Ceci est un test, un exercice. " + AlertMessage, spoken, StringComparison.Ordinal);
    }

    [Fact]
    public void The_thanks_after_the_key_is_twiml_in_their_language()
    {
        Assert.Equal("Thank you, your answer is recorded.", XElement.Parse(CallScript.Thanks("en")).Element("Say")!.Value);
        Assert.Equal("fr-FR", (string)XElement.Parse(CallScript.Thanks("fr")).Element("Say")!.Attribute("language")!);
    }

    private static Recipient Sister(string language) => new(Guid.NewGuid(), ResponderKind.Contact, "Sophie", "+33612345678", language);

    private static DispatchCall Call() =>
        new(AlertId, Association, Beneficiary, Guid.NewGuid(), ResponderKind.Contact, 2, At(), Priority: false, AlertSource.Button);
}
