using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using Platform.Identity.Api.Storage;
using QRCoder;
using static Platform.Identity.Api.Staff.AccountPages;

namespace Platform.Identity.Api.Staff;

/// <summary>
/// The invitation link, opened once within 72 hours: she chooses her password and registers her authenticator app
/// (TOTP), proving it with a first code. The account exists only once both are set.
/// </summary>
public static class AcceptingAnInvitation
{
    public static void MapInvitationPages(this WebApplication app)
    {
        app.MapGet("/account/invitation/{token}", async (string token, HttpContext http, IAntiforgery antiforgery, IdentityDb db,
                StaffSecrets secrets, TimeProvider time, FederationOptions federation) =>
            {
                if (await OpenInvitationAsync(db, token, time, http.RequestAborted) is not { } found)
                {
                    return Expired();
                }
                // A new secret each time the page is opened: only the last one shown can be confirmed.
                var secret = StaffSecrets.NewTotpSecret();
                secrets.StoreTotpSecret(found.Account, secret);
                await db.SaveChangesAsync(http.RequestAborted);
                return Form(http, antiforgery, federation, token, found.Account, secret, null);
            })
            .AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/account/invitation/{token}", AcceptAsync).AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task<IResult> AcceptAsync(string token, HttpContext http, IAntiforgery antiforgery, IdentityDb db,
        StaffSecrets secrets, TimeProvider time, FederationOptions federation, [Microsoft.AspNetCore.Mvc.FromForm] InvitationForm form)
    {
        if (await OpenInvitationAsync(db, token, time, http.RequestAborted) is not { } found)
        {
            return Expired();
        }
        var (invitation, account) = found;
        // Linked to her organisation's account, she signs in there: a password here is then optional.
        var needsPassword = account.OutsideSubject is null || !string.IsNullOrEmpty(form.Password);
        if (needsPassword && (form.Password ?? "").Length < StaffSecrets.MinPasswordLength)
        {
            return await RetryAsync($"Le mot de passe doit avoir au moins {StaffSecrets.MinPasswordLength} caractères.");
        }
        var hasPasskey = await db.Passkeys.AnyAsync(passkey => passkey.StaffId == account.Id, http.RequestAborted);
        if (string.IsNullOrWhiteSpace(form.Code) && hasPasskey)
        {
            // Her passkey is her second factor; the authenticator app shown on the page was never confirmed: forget it.
            account.TotpSecret = null;
        }
        else if (!secrets.TotpMatches(account, form.Code ?? ""))
        {
            return await RetryAsync(hasPasskey
                ? "Ce code ne correspond pas : laissez-le vide pour utiliser seulement votre clé d'accès, ou scannez le nouveau QR code."
                : "Un second facteur est obligatoire : créez une clé d'accès, ou scannez le QR code et saisissez le code affiché.");
        }
        if (needsPassword)
        {
            secrets.SetPassword(account, form.Password!);
        }
        var now = time.GetUtcNow();
        account.ActivatedAt = now;
        invitation.UsedAt = now;
        await db.SaveChangesAsync(http.RequestAborted);
        return Page("Compte prêt", "<p>Votre compte est prêt. Connectez-vous depuis la console de votre association.</p>");

        async Task<IResult> RetryAsync(string error)
        {
            var secret = StaffSecrets.NewTotpSecret();
            secrets.StoreTotpSecret(account, secret);
            await db.SaveChangesAsync(http.RequestAborted);
            return Form(http, antiforgery, federation, token, account, secret, error, StatusCodes.Status400BadRequest);
        }
    }

    public static async Task<(StaffInvitation Invitation, StaffAccount Account)?> OpenInvitationAsync(IdentityDb db, string token,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var hash = StaffApi.HashOf(token);
        var now = time.GetUtcNow();
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.TokenHash == hash && i.UsedAt == null && i.ExpiresAt > now,
            cancellationToken);
        var account = invitation is null ? null : await db.Staff.SingleOrDefaultAsync(s => s.Id == invitation.StaffId, cancellationToken);
        return invitation is null || account is null ? null : (invitation, account);
    }

    public static IResult Expired() =>
        Page("Invitation expirée", "<p>Ce lien n'est plus valable (déjà utilisé, ou plus de 72 heures). Demandez une nouvelle invitation.</p>",
            StatusCodes.Status404NotFound);

    private static IResult Form(HttpContext http, IAntiforgery antiforgery, FederationOptions federation, string token, StaffAccount account,
        byte[] secret, string? error, int status = StatusCodes.Status200OK)
    {
        var password = account.OutsideSubject is not null
            ? $"""
              <p id="outside-linked">Vous vous connecterez avec {Encode(federation.DisplayName)} : pas de mot de passe à choisir ici.</p>
              """
            : $"""
              {(federation.Enabled ? $"<p><a href=\"/account/invitation/{Encode(token)}/outside\" id=\"outside-link\">Utiliser {Encode(federation.DisplayName)} plutôt qu'un mot de passe</a></p>" : "")}
              <label>Mot de passe (au moins {StaffSecrets.MinPasswordLength} caractères)<input name="password" type="password" autocomplete="new-password" minlength="{StaffSecrets.MinPasswordLength}" required></label>
              """;
        var tokens = antiforgery.GetAndStoreTokens(http);
        var uri = StaffSecrets.OtpAuthUri(secret, account.Email);
        using var qr = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return Page("Créer votre accès", $"""
            <p>Bonjour {Encode(account.DisplayName)}. Choisissez un mot de passe et un second facteur, demandé à chaque connexion :
            une clé d'accès (passkey, sur ce téléphone ou cet ordinateur), ou à défaut une application d'authentification.</p>
            {Error(error)}
            <p><button type="button" id="create-passkey" data-options="/account/invitation/{Encode(token)}/passkey/options"
              data-answer="/account/invitation/{Encode(token)}/passkey">Créer une clé d'accès (passkey)</button></p>
            <p id="passkey-status" role="status"></p>
            <form method="post" action="/account/invitation/{Encode(token)}">
            {Hidden(tokens.FormFieldName, tokens.RequestToken)}
            {password}
            <p>Sans clé d'accès : scannez ce QR code avec votre application d'authentification.</p>
            <div class="qr" aria-label="QR code à scanner">{new SvgQRCode(qr).GetGraphic(4)}</div>
            <p>Ou saisissez la clé : <code data-totp-secret>{Encode(Base32Encoding.ToString(secret))}</code></p>
            <label>Code affiché par l'application (vide si vous avez créé une clé d'accès)<input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="{AccountPages.SixDigits}"></label>
            <button type="submit" id="create-account">Créer mon accès</button>
            </form>
            {PasskeyScript}
            """, status);
    }

    public sealed class InvitationForm
    {
        public string? Password { get; init; }
        public string? Code { get; init; }
    }
}
