using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using System.Security.Claims;

namespace Platform.Contacts.Api.Beneficiaries.RemovingContacts;

/// <summary>
/// Someone she no longer trusts leaves her list at once: the next snapshot no longer names them, and notifications
/// re-reads its copy before every SMS, so no alert reaches them afterwards.
/// </summary>
public static class RemoveContactSlice
{
    public static IReadOnlyList<object> Decide(Beneficiary beneficiary, Guid contactId, DateTimeOffset now) =>
        beneficiary.FindContact(contactId) is null
            ? throw ProblemException.NotFound("The contact")
            : [new EmergencyContactRemoved(beneficiary.Id, contactId, now)];

    public static void MapRemoveContact(this RouteGroupBuilder beneficiaries) =>
        beneficiaries.MapDelete("/{beneficiaryId:guid}/contacts/{contactId:guid}", HandleAsync)
            .RequireHerOrAnOperator();

    private static async Task<NoContent> HandleAsync(Guid beneficiaryId, Guid contactId, ClaimsPrincipal user, SentPinConfirmation pin,
        IDocumentStore store, TimeProvider time, CancellationToken cancellationToken) =>
        await ConcurrentWrites.RetryAsync(async () =>
        {
            await using var session = store.OpenTracedSession();
            var stream = await session.LoadVisibleAsync(beneficiaryId, user, cancellationToken);
            session.AppendAfter(beneficiaryId, stream, await ChangesFromHerApp.ToAppendAsync(
                Decide(stream.State!.AsSeenBy(user), contactId, time.GetUtcNow()), stream.State!, user, pin));
            await session.SaveChangesAsync(cancellationToken);
            return TypedResults.NoContent();
        });
}
