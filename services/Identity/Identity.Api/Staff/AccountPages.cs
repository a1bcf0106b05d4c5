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

    public static string Error(string? message) => message is null ? "" : $"<p class=\"error\" role=\"alert\">{Encode(message)}</p>";

    public static string Hidden(string name, string? value) =>
        value is null ? "" : $"<input type=\"hidden\" name=\"{Encode(name)}\" value=\"{Encode(value)}\">";
}
