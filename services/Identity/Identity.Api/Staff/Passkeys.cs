using Fido2NetLib;
using Fido2NetLib.Objects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Identity.Api.Storage;
using Platform.Identity.Api.Tokens;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Platform.Identity.Api.Staff;

/// <summary>Where passkeys are valid: the public site's host and origin (WebAuthn binds each credential to them).</summary>
public sealed class PasskeyOptions
{
    public const string Section = "Identity:Passkeys";

    /// <summary>The relying party id: the public host (default: the issuer's). An IP address cannot be one.</summary>
    public string? RelyingPartyId { get; set; }

    /// <summary>The origins a ceremony may come from (default: the issuer's).</summary>
    public List<string> Origins { get; set; } = [];
}

/// <summary>
/// Passkeys (WebAuthn, Fido2 4.3.3) as a member of staff's second factor: registered on her invitation page, used on the
/// second-factor page; TOTP stays the fallback. The ceremony's options are kept on her account between its two requests.
/// </summary>
public static class Passkeys
{
    public const string FailedProblem = "/problems/passkey-refused";

    public static WebApplicationBuilder AddPasskeys(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PasskeyOptions>().BindConfiguration(PasskeyOptions.Section);
        builder.Services.AddSingleton<IFido2>(services =>
        {
            var issuer = services.GetRequiredService<IOptions<IdentityServerOptions>>().Value.Issuer!;
            var passkeys = services.GetRequiredService<IOptions<PasskeyOptions>>().Value;
            return new Fido2(new Fido2Configuration
            {
                RPID = passkeys.RelyingPartyId ?? issuer.Host,
                RPName = "Plateforme d'alerte",
                Origins = passkeys.Origins.Count > 0 ? passkeys.Origins.ToHashSet() : [issuer.GetLeftPart(UriPartial.Authority)],
            }, metadataService: null!);
        });
        return builder;
    }

    public static void MapPasskeys(this WebApplication app)
    {
        app.MapPost("/account/invitation/{token}/passkey/options", async (string token, IdentityDb db, IFido2 fido2, TimeProvider time,
                CancellationToken cancellationToken) =>
            {
                var (_, account) = await AcceptingAnInvitation.OpenInvitationAsync(db, token, time, cancellationToken)
                    ?? throw Refused("This invitation is no longer valid.");
                var options = fido2.RequestNewCredential(new RequestNewCredentialParams
                {
                    User = new Fido2User { Id = account.Id.ToByteArray(), Name = account.Email, DisplayName = account.DisplayName },
                    ExcludeCredentials = [],
                    AuthenticatorSelection = new AuthenticatorSelection
                    {
                        ResidentKey = ResidentKeyRequirement.Preferred,
                        UserVerification = UserVerificationRequirement.Required,
                    },
                    AttestationPreference = AttestationConveyancePreference.None,
                    PubKeyCredParams = PubKeyCredParam.Defaults,
                });
                account.PasskeyCeremony = options.ToJson();
                await db.SaveChangesAsync(cancellationToken);
                return Results.Content(account.PasskeyCeremony, "application/json");
            })
            .AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/account/invitation/{token}/passkey", async (string token, AuthenticatorAttestationRawResponse attestation, IdentityDb db,
                IFido2 fido2, TimeProvider time, CancellationToken cancellationToken) =>
            {
                var (_, account) = await AcceptingAnInvitation.OpenInvitationAsync(db, token, time, cancellationToken)
                    ?? throw Refused("This invitation is no longer valid.");
                if (account.PasskeyCeremony is not { } ceremony)
                {
                    throw Refused("Ask for the passkey options first.");
                }
                RegisteredPublicKeyCredential credential;
                try
                {
                    credential = await fido2.MakeNewCredentialAsync(new MakeNewCredentialParams
                    {
                        AttestationResponse = attestation,
                        OriginalOptions = CredentialCreateOptions.FromJson(ceremony),
                        IsCredentialIdUniqueToUserCallback = async (candidate, ct) =>
                            !await db.Passkeys.AnyAsync(passkey => passkey.CredentialId == candidate.CredentialId, ct),
                    }, cancellationToken);
                }
                catch (Fido2VerificationException refused)
                {
                    throw Refused(refused.Message);
                }
                var now = time.GetUtcNow();
                db.Passkeys.Add(new StaffPasskey
                {
                    Id = Guid.CreateVersion7(now), StaffId = account.Id, CredentialId = credential.Id, PublicKey = credential.PublicKey,
                    SignCount = credential.SignCount, CreatedAt = now,
                });
                account.PasskeyCeremony = null;
                await db.SaveChangesAsync(cancellationToken);
                return Results.Ok(new { registered = true });
            })
            .AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/account/second-factor/passkey/options", async (HttpContext http, IdentityDb db, IFido2 fido2) =>
            {
                var account = await FirstFactorAccountAsync(http, db);
                var credentials = await db.Passkeys.Where(passkey => passkey.StaffId == account.Id).Select(passkey => passkey.CredentialId)
                    .ToListAsync(http.RequestAborted);
                if (credentials.Count == 0)
                {
                    throw Refused("No passkey is registered for this account: use the code from your authenticator app.");
                }
                var options = fido2.GetAssertionOptions(new GetAssertionOptionsParams
                {
                    AllowedCredentials = [.. credentials.Select(id => new PublicKeyCredentialDescriptor(id))],
                    UserVerification = UserVerificationRequirement.Required,
                });
                account.PasskeyCeremony = options.ToJson();
                await db.SaveChangesAsync(http.RequestAborted);
                return Results.Content(account.PasskeyCeremony, "application/json");
            })
            .AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/account/second-factor/passkey", async (HttpContext http, AuthenticatorAssertionRawResponse assertion, string? returnUrl,
                IdentityDb db, IFido2 fido2, StaffSecrets secrets, TimeProvider time) =>
            {
                var account = await FirstFactorAccountAsync(http, db);
                var passkey = await db.Passkeys.SingleOrDefaultAsync(p => p.StaffId == account.Id && p.CredentialId == assertion.RawId,
                    http.RequestAborted);
                if (passkey is null || account.PasskeyCeremony is not { } ceremony || account.LockedUntil > time.GetUtcNow())
                {
                    throw Refused("This passkey is not one of this account's.");
                }
                try
                {
                    var verified = await fido2.MakeAssertionAsync(new MakeAssertionParams
                    {
                        AssertionResponse = assertion,
                        OriginalOptions = AssertionOptions.FromJson(ceremony),
                        StoredPublicKey = passkey.PublicKey,
                        StoredSignatureCounter = (uint)passkey.SignCount,
                        IsUserHandleOwnerOfCredentialIdCallback = (owner, _) =>
                            Task.FromResult(owner.UserHandle is not { Length: 16 } handle || new Guid(handle) == account.Id),
                    }, http.RequestAborted);
                    passkey.SignCount = verified.SignCount;
                }
                catch (Fido2VerificationException refused)
                {
                    secrets.Failed(account);
                    account.PasskeyCeremony = null;
                    await db.SaveChangesAsync(http.RequestAborted);
                    throw Refused(refused.Message);
                }
                passkey.LastUsedAt = time.GetUtcNow();
                account.PasskeyCeremony = null;
                await SigningInStaff.CompleteSignInAsync(http, db, account, time.GetUtcNow());
                return Results.Ok(new { redirect = SigningInStaff.LocalOrDefault(returnUrl) });
            })
            .AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task<StaffAccount> FirstFactorAccountAsync(HttpContext http, IdentityDb db)
    {
        var first = await http.AuthenticateAsync(SigningInStaff.FirstFactorScheme);
        if (!first.Succeeded || !Guid.TryParse(first.Principal!.FindFirstValue(PlatformClaims.Subject), out var staffId))
        {
            throw new ProblemException(StatusCodes.Status401Unauthorized, FailedProblem, "Sign in with your password first.");
        }
        return await db.Staff.SingleAsync(s => s.Id == staffId, http.RequestAborted);
    }

    private static ProblemException Refused(string detail) =>
        new(StatusCodes.Status400BadRequest, FailedProblem, "The passkey was not accepted.", detail);
}
