using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Contacts.Api.Beneficiaries.ChangingProfile;

/// <param name="Phone">Her own number, texted when her button's battery runs low; null or empty removes it.</param>
/// <param name="NeutralWording">Her contacts may share a phone: nothing they receive may mention violence or danger.</param>
public sealed record ChangeProfile(string? Phone, bool? NeutralWording);

public static class ChangeProfileSlice
{
    public static (IReadOnlyList<object> Events, Dictionary<string, string[]> Errors) Decide(Beneficiary beneficiary,
        ChangeProfile command, DateTimeOffset now, PhoneNumberRules? phones = null)
    {
        var errors = new Dictionary<string, string[]>();
        var phone = BeneficiaryRules.OptionalE164OrError(errors, "phone", command.Phone, phones);
        var neutralWording = command.NeutralWording ?? beneficiary.NeutralWording;
        if (neutralWording && NeutralWording.SoundsAlarming(beneficiary.AlertMessage))
        {
            errors["neutralWording"] = ["Her alert message mentions violence or danger: reword it before choosing neutral wording."];
        }
        if (errors.Count > 0)
        {
            return ([], errors);
        }
        return (phone == beneficiary.Phone && neutralWording == beneficiary.NeutralWording
            ? []
            : [new ProfileChanged(beneficiary.Id, phone, neutralWording, now)], errors);
    }

    public static void MapChangeProfile(this RouteGroupBuilder beneficiaries) =>
        beneficiaries.MapPut("/{beneficiaryId:guid}/profile", HandleAsync)
            .RequireHerOrAnOperator();

    private static Task<Results<Ok<BeneficiaryView>, ValidationProblem>> HandleAsync(Guid beneficiaryId, ChangeProfile command,
        ClaimsPrincipal user, SentPinConfirmation pin, AssociationConsentBudget budget, IDocumentStore store, TimeProvider time,
        PhoneNumberRules phones, CancellationToken cancellationToken) =>
        store.ChangeAsync(beneficiaryId, user, pin, budget, she => Decide(she, command, time.GetUtcNow(), phones), BeneficiaryView.From,
            time, cancellationToken);
}
