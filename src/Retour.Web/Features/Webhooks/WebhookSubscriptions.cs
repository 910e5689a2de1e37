using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Web.Features.Staff;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Webhooks;

/// <summary>Creating, changing and removing subscriptions, and re-sending deliveries: the API and the back office share these, each change audited.</summary>
public sealed class WebhookSubscriptions(RetourDbContext db, WebhookTargets targets, WebhookSignal signal, IDataProtectionProvider protection, IOptions<WebhookOptions> options, TimeProvider clock)
{
    /// <summary>The Data Protection purpose the secrets are encrypted under.</summary>
    public const string SecretPurpose = "Retour.Webhooks.Secret.v1";

    /// <summary>Most deliveries a list page returns.</summary>
    public const int MaxPage = 200;

    /// <summary>Creates a subscription; returns it with its secret (shown this once), or the field errors.</summary>
    public async Task<(WebhookSubscription? Subscription, string? Secret, FieldErrors Errors)> CreateAsync(string? url, IReadOnlyList<string>? events, string? description, string by, CancellationToken ct)
    {
        var errors = Check(url, events, description);
        if (!errors.IsEmpty)
        {
            return (null, null, errors);
        }

        var now = clock.GetUtcNow();
        var secret = WebhookSignature.NewSecret();
        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(now),
            Url = url!.Trim(),
            Events = Normalise(events!),
            Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(),
            ProtectedSecret = protection.CreateProtector(SecretPurpose).Protect(secret),
            SecretHint = secret[^4..],
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = by,
        };
        db.WebhookSubscriptions.Add(subscription);
        db.AuditEntries.Add(AuditEntry.Of(now, null, by, "webhook.subscribed", subscription.Id.ToString(), $"{subscription.Url} {subscription.Events}"));
        await db.SaveChangesAsync(ct);
        signal.SubscriptionsChanged();
        return (subscription, secret, errors);
    }

    /// <summary>Changes what is given (URL, events, description, paused); null when there is no such subscription.</summary>
    public async Task<(WebhookSubscription? Subscription, FieldErrors Errors)> UpdateAsync(Guid id, string? url, IReadOnlyList<string>? events, string? description, bool? paused, string by, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var subscription = await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (subscription is null)
        {
            return (null, errors);
        }

        errors = Check(url ?? subscription.Url, events ?? subscription.EventList, description);
        if (!errors.IsEmpty)
        {
            return (subscription, errors);
        }

        var now = clock.GetUtcNow();
        subscription.Url = url?.Trim() ?? subscription.Url;
        subscription.Events = events is null ? subscription.Events : Normalise(events);
        subscription.Description = description is null ? subscription.Description : description.Trim().Length == 0 ? null : description.Trim();
        var resumed = paused == false && subscription.Paused;
        subscription.Paused = paused ?? subscription.Paused;
        subscription.UpdatedAt = now;
        db.AuditEntries.Add(AuditEntry.Of(now, null, by, paused == true ? "webhook.paused" : resumed ? "webhook.resumed" : "webhook.updated", subscription.Id.ToString(), $"{subscription.Url} {subscription.Events}"));
        await db.SaveChangesAsync(ct);
        signal.SubscriptionsChanged();

        return (subscription, errors);
    }

    /// <summary>Longest time the old secret may keep signing after a rotation.</summary>
    public static readonly TimeSpan MaxOverlap = TimeSpan.FromDays(7);

    /// <summary>
    /// Gives the subscription a new signing secret (answered this once). The old one keeps signing beside it for
    /// <paramref name="overlap"/> (each delivery then carries two <c>v1</c> values), so the receiver can switch
    /// without missing a delivery; a zero overlap drops it at once (a leaked secret). Null when there is no such subscription.
    /// </summary>
    public async Task<(WebhookSubscription? Subscription, string? Secret, FieldErrors Errors)> RotateSecretAsync(Guid id, TimeSpan overlap, string by, CancellationToken ct)
    {
        var errors = new FieldErrors().Check(overlap >= TimeSpan.Zero && overlap <= MaxOverlap, "overlapHours", $"Between 0 and {MaxOverlap.TotalHours:0} hours.");
        if (!errors.IsEmpty)
        {
            return (null, null, errors);
        }

        var subscription = await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (subscription is null)
        {
            return (null, null, errors);
        }

        var now = clock.GetUtcNow();
        var secret = WebhookSignature.NewSecret();
        var keepsSigning = overlap > TimeSpan.Zero;
        subscription.PreviousProtectedSecret = keepsSigning ? subscription.ProtectedSecret : null;
        subscription.PreviousSecretUntil = keepsSigning ? now + overlap : null;
        subscription.ProtectedSecret = protection.CreateProtector(SecretPurpose).Protect(secret);
        subscription.SecretHint = secret[^4..];
        subscription.UpdatedAt = now;
        db.AuditEntries.Add(AuditEntry.Of(now, null, by, "webhook.secretRotated", subscription.Id.ToString(), string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{subscription.Url}; the old secret signs for {overlap.TotalHours:0.#} h more")));
        await db.SaveChangesAsync(ct);
        signal.SubscriptionsChanged();
        return (subscription, secret, errors);
    }

    /// <summary>Removes a subscription and its delivery log; false when there is none.</summary>
    public async Task<bool> DeleteAsync(Guid id, string by, CancellationToken ct)
    {
        var subscription = await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (subscription is null)
        {
            return false;
        }

        await db.WebhookDeliveries.Where(d => d.SubscriptionId == id).ExecuteDeleteAsync(ct);
        db.WebhookSubscriptions.Remove(subscription);
        db.AuditEntries.Add(AuditEntry.Of(clock.GetUtcNow(), null, by, "webhook.deleted", id.ToString(), subscription.Url));
        await db.SaveChangesAsync(ct);
        signal.SubscriptionsChanged();
        return true;
    }

    /// <summary>
    /// Sends a delivery again now, whatever it came to, with the same event id and body (receivers deduplicate on
    /// <c>Retour-Event-Id</c>); it is retried for a new window. Null when there is no such delivery.
    /// </summary>
    public async Task<WebhookDelivery?> ResendAsync(long id, string by, CancellationToken ct)
    {
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == id, ct);
        if (delivery is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        delivery.Status = WebhookDeliveryStatus.Pending;
        delivery.NextAttemptAt = now;
        delivery.RetryUntil = now + options.Value.RetryWindow;
        delivery.LeasedUntil = null;
        delivery.LeaseOwner = null;
        db.AuditEntries.Add(AuditEntry.Of(now, null, by, "webhook.resent", delivery.SubscriptionId.ToString(), $"delivery {delivery.Id} {delivery.Event}"));
        await db.SaveChangesAsync(ct);
        signal.Notify();
        return delivery;
    }

    /// <summary>A subscription's deliveries, newest first, before the delivery id <paramref name="before"/> when given.</summary>
    public async Task<(List<WebhookDelivery> Items, long? Next)> DeliveriesAsync(Guid subscriptionId, long? before, int limit, CancellationToken ct)
    {
        var size = Math.Clamp(limit, 1, MaxPage);
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == subscriptionId);
        if (before is { } b)
        {
            query = query.Where(d => d.Id < b);
        }

        var rows = await query.OrderByDescending(d => d.Id).Take(size + 1).ToListAsync(ct);
        var next = rows.Count > size ? rows[size - 1].Id : (long?)null;
        return (rows.Take(size).ToList(), next);
    }

    private FieldErrors Check(string? url, IReadOnlyList<string>? events, string? description)
    {
        var errors = new FieldErrors();
        if (targets.Refusal(url) is { } refusal)
        {
            errors.Check(false, "url", refusal);
        }

        if (events is null || events.Count == 0)
        {
            errors.Check(false, "events", "Name at least one event, or * for all.");
        }
        else
        {
            foreach (var e in events.Where(e => !WebhookEvents.IsKnown(e ?? string.Empty)))
            {
                errors.Check(false, "events", $"'{e}' is not an event Retour publishes (GET /api/v1/webhooks/events lists them).");
            }
        }

        errors.Text(description, "description", WebhookSubscription.MaxDescription, required: false);
        return errors;
    }

    private static string Normalise(IReadOnlyList<string> events) =>
        events.Contains(WebhookEvents.All) ? WebhookEvents.All : string.Join(' ', events.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
}
