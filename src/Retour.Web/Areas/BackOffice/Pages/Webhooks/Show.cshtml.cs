using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Retour.Web.Features.Webhooks;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Webhooks;

/// <summary>One subscription's delivery log, newest first, with a re-send button per delivery (Admin only).</summary>
[Authorize(Policy = WebhookPolicies.Manage)]
public sealed class ShowModel(RetourDbContext db, WebhookSubscriptions subscriptions, TimeProvider clock) : PageModel
{
    /// <summary>Deliveries per page.</summary>
    public const int PageSize = 50;

    /// <summary>The subscription.</summary>
    public WebhookSubscription Subscription { get; private set; } = null!;

    /// <summary>This page of deliveries.</summary>
    public IReadOnlyList<WebhookDelivery> Deliveries { get; private set; } = [];

    /// <summary>The next page's cursor.</summary>
    public long? Next { get; private set; }

    /// <summary>What the last change did.</summary>
    public string? Done { get; private set; }

    /// <summary>The page.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, long? before, CancellationToken ct) => await LoadAsync(id, before, ct) ? Page() : NotFound();

    /// <summary>The secret just made by a rotation, shown this once.</summary>
    public string? Secret { get; private set; }

    /// <summary>Now.</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Gives the subscription a new secret; the old one signs beside it for the hours chosen.</summary>
    public async Task<IActionResult> OnPostRotateAsync(Guid id, int overlapHours, CancellationToken ct)
    {
        var (subscription, secret, errors) = await subscriptions.RotateSecretAsync(id, TimeSpan.FromHours(overlapHours), User.Identity?.Name ?? "admin", ct);
        if (!errors.IsEmpty)
        {
            return BadRequest();
        }

        Secret = secret;
        Done = subscription is null ? null : overlapHours > 0
            ? $"New secret made. Copy it now: it is not shown again. Deliveries carry both signatures for {overlapHours} hours; switch the receiver to the new secret before then."
            : "New secret made. Copy it now: it is not shown again. The old secret no longer signs.";
        return await LoadAsync(id, null, ct) ? Page() : NotFound();
    }

    /// <summary>Sends a delivery again now.</summary>
    public async Task<IActionResult> OnPostResendAsync(Guid id, long deliveryId, CancellationToken ct)
    {
        var delivery = await db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId && d.SubscriptionId == id, ct);
        if (delivery is null)
        {
            return NotFound();
        }

        await subscriptions.ResendAsync(deliveryId, User.Identity?.Name ?? "admin", ct);
        Done = $"Delivery {deliveryId} ({delivery.Event}) is being sent again.";
        return await LoadAsync(id, null, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, long? before, CancellationToken ct)
    {
        if (await db.WebhookSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is not { } subscription)
        {
            return false;
        }

        Subscription = subscription;
        (var items, Next) = await subscriptions.DeliveriesAsync(id, before, PageSize, ct);
        Deliveries = items;
        return true;
    }
}
