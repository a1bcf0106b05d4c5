using System.Text.Encodings.Web;

namespace Platform.Identity.Api.Staff;

/// <summary>The identity service's own pages: plain server-rendered forms (no script), French first.</summary>
public static class AccountPages
{
    public static IResult Page(string title, string body, int status = StatusCodes.Status200OK) =>
        Results.Content($$"""
            <!doctype html>
            <html lang="fr">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>{{Encode(title)}}</title>
            <style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
            label{display:block;margin-top:1rem}input{width:100%;padding:.5rem;font-size:1rem}button{margin-top:1.5rem;padding:.6rem 1.2rem;font-size:1rem}
            .error{color:#a00;font-weight:600}.qr svg{width:12rem;height:12rem}</style>
            </head>
            <body>
            <h1>{{Encode(title)}}</h1>
            {{body}}
            </body>
            </html>
            """, "text/html; charset=utf-8", statusCode: status);

    /// <summary>The HTML pattern of a TOTP code.</summary>
    public const string SixDigits = "[0-9]{6}";

    public static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    /// <summary>
    /// The pages' only script: the two WebAuthn ceremonies (the browser's JSON helpers, no library), on buttons that carry
    /// their addresses in data attributes. Served inline: nothing is loaded from elsewhere.
    /// </summary>
    public const string PasskeyScript = """
        <script>
        async function ceremony(button, create) {
          const status = document.getElementById('passkey-status');
          status.textContent = '';
          try {
            const options = await fetch(button.dataset.options, { method: 'POST' });
            if (!options.ok) { status.textContent = (await options.json()).detail || 'Clé d’accès indisponible.'; return null; }
            const json = await options.json();
            const credential = create
              ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(json) })
              : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(json) });
            const answer = await fetch(button.dataset.answer, {
              method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credential.toJSON()) });
            if (!answer.ok) { status.textContent = 'Clé d’accès refusée.'; return null; }
            return await answer.json();
          } catch (error) {
            status.textContent = 'Clé d’accès refusée ou annulée.';
            return null;
          }
        }
        document.getElementById('create-passkey')?.addEventListener('click', async (event) => {
          if (await ceremony(event.target, true)) {
            document.getElementById('passkey-status').textContent = 'Clé d’accès enregistrée. Choisissez votre mot de passe puis validez.';
          }
        });
        document.getElementById('use-passkey')?.addEventListener('click', async (event) => {
          const answer = await ceremony(event.target, false);
          if (answer) { location.assign(answer.redirect); }
        });
        </script>
        """;

    public static string Error(string? message) => message is null ? "" : $"<p class=\"error\" role=\"alert\">{Encode(message)}</p>";

    public static string Hidden(string name, string? value) =>
        value is null ? "" : $"<input type=\"hidden\" name=\"{Encode(name)}\" value=\"{Encode(value)}\">";
}
