using MassTransit;
using Platform.Alerts.Contracts;
using Platform.Notifications.Api.Sms;
using Platform.Notifications.Contracts;
using Platform.ServiceDefaults;
using System.Collections.Frozen;

namespace Platform.Notifications.Api.Acknowledging;

/// <summary>The SMS replies that mean "I am on my way", read folded (case, accents, spaces and punctuation ignored).</summary>
public sealed class AcknowledgementWords
{
    public const string ConfigurationKey = "Acknowledgements:Words";
    public static readonly IReadOnlyList<string> Defaults = ["OK", "1", "OUI", "J'arrive"];

    private readonly FrozenSet<string> _folded;

    public AcknowledgementWords(IEnumerable<string> words)
    {
        _folded = words.Select(SmsReplies.Fold).Where(word => word.Length > 0).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The configured list, or <see cref="Defaults"/>; a configured list replaces the defaults, never adds to them.</summary>
    public static AcknowledgementWords From(IConfiguration configuration) =>
        new(configuration.GetSection(ConfigurationKey).Get<string[]>() is { Length: > 0 } configured ? configured : Defaults);

    public bool Acknowledges(string? body) => Read(body).Acknowledges;

    /// <summary>
    /// "OK", or "OK Camille": an acknowledgement word, and the name of the woman it answers for when the sender follows
    /// several alerts (what the disambiguation reply asks them to send).
    /// </summary>
    public (bool Acknowledges, string? Name) Read(string? body)
    {
        if (_folded.Contains(SmsReplies.Fold(body)))
        {
            return (true, null);
        }
        var parts = (body ?? "").Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 2 && _folded.Contains(SmsReplies.Fold(parts[0])) && SmsReplies.Fold(parts[1]).Length > 0
            ? (true, parts[1])
            : (false, null);
    }
}

/// <summary>What an acknowledging SMS from one number means.</summary>
public abstract record SmsAcknowledgement
{
    /// <summary>The number has no active alert: the reply is read as something else (a consent answer).</summary>
    public sealed record NoActiveAlert : SmsAcknowledgement;

    /// <summary>The number was reached for several active alerts: acknowledging one at random could stop the wrong escalation.</summary>
    public sealed record Ambiguous(IReadOnlyList<Guid> AlertIds) : SmsAcknowledgement;

    public sealed record Acknowledges(AlertRecipient Recipient) : SmsAcknowledgement;

    /// <summary>
    /// An alert is active for this long after it last reached the number unless closed sooner: a lost closure must not
    /// keep the number matched (or ambiguous) forever. Escalation steps reach people again, which keeps it alive.
    /// </summary>
    public static readonly TimeSpan ActiveFor = TimeSpan.FromHours(24);

    /// <param name="reached">Every record of this number being reached, open or not.</param>
    /// <param name="closedAlerts">Which of their alerts are known to be resolved or cancelled.</param>
    /// <param name="name">The woman's name the sender added ("OK Camille"), to choose among several active alerts.</param>
    /// <param name="herNames">Her display name, by beneficiary, for the alerts the number follows.</param>
    public static SmsAcknowledgement Decide(IEnumerable<AlertRecipient> reached, IReadOnlySet<Guid> closedAlerts, DateTimeOffset now,
        string? name = null, IReadOnlyDictionary<Guid, string>? herNames = null)
    {
        var active = reached.Where(r => !r.Closed && !closedAlerts.Contains(r.AlertId) && now - r.ReachedAt < ActiveFor).ToList();
        if (name is not null)
        {
            // "OK Camille" counts only for the one active alert of a woman of that name: "oui mais plus tard" is no
            // acknowledgement (the escalation goes on), and two women of the same name stay ambiguous.
            var named = active.Where(r => herNames is not null && herNames.TryGetValue(r.BeneficiaryId, out var hers)
                && SmsReplies.Fold(hers) == SmsReplies.Fold(name)).ToList();
            if (named.Select(r => r.AlertId).Distinct().Count() == 1)
            {
                return new Acknowledges(named.MaxBy(r => r.ReachedAt)!);
            }
            var following = active.Select(r => r.AlertId).Distinct().ToList();
            return following.Count > 1 ? new Ambiguous(following) : new NoActiveAlert();
        }
        var alerts = active.Select(r => r.AlertId).Distinct().ToList();
        return alerts.Count switch
        {
            0 => new NoActiveAlert(),
            // One alert may have reached the number twice (she named as contact someone who is also on call): the
            // latest message says in which role they are answering.
            1 => new Acknowledges(active.MaxBy(r => r.ReachedAt)!),
            _ => new Ambiguous(alerts),
        };
    }
}

/// <summary>An "OK" from a number reached for several active alerts, kept for the association to follow up; no number, no text.</summary>
public sealed record AmbiguousAcknowledgement(Guid Id, IReadOnlyList<Guid> AlertIds, DateTimeOffset ReceivedAt);

/// <summary>The reply to a sender who follows several alerts: which woman are they answering for?</summary>
public static class Disambiguation
{
    /// <param name="names">The women whose alerts the number follows (it received each one's alert, so it knows her name).</param>
    public static string Ask(IReadOnlyList<string> names, string language)
    {
        var list = string.Join(", ", names);
        var example = names.Count > 0 ? names[0] : "Camille";
        return language == "en"
            ? $"You are following several alerts ({list}). Reply OK and her name, e.g. OK {example}."
            : $"Vous suivez plusieurs alertes ({list}). Repondez OK suivi de son prenom, par ex. OK {example}.";
    }
}

public static class Acknowledgement
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// One per (alert, responder), whatever the channel and however often Twilio retries: alerts records it once. Their
    /// first acknowledgement is what counts; a second channel adds nothing.
    /// </summary>
    public static Guid EventIdFor(Guid alertId, Guid responderId) => DeterministicIds.From("acknowledged", alertId, responderId);

    public static Task PublishAsync(IPublishEndpoint bus, AlertRecipient recipient, NotificationChannel channel, DateTimeOffset at,
        CancellationToken cancellationToken) =>
        PublishAsync(bus, recipient.AssociationId, recipient.AlertId, recipient.RecipientId, recipient.Kind, recipient.Name, channel, at,
            cancellationToken);

    /// <param name="responderName">The name she (or the roster) gave them: all her app may show of who is coming.</param>
    public static async Task PublishAsync(IPublishEndpoint bus, Guid associationId, Guid alertId, Guid responderId, ResponderKind kind,
        string responderName, NotificationChannel channel, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var eventId = EventIdFor(alertId, responderId);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);
        await bus.Publish(new NotificationAcknowledged(eventId, at, associationId, alertId, responderId, kind, responderName, channel),
            publish => publish.MessageId = eventId, timeout.Token);
    }
}
