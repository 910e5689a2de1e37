using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Retour.Web.Features.Webhooks;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Webhooks;

/// <summary>A subscription as the list shows it, with its delivery counts.</summary>
/// <param name="Subscription">The subscription.</param>
/// <param name="Pending">Deliveries waiting for an attempt.</param>
/// <param name="Failed">Deliveries given up on.</param>
/// <param name="Succeeded">Deliveries answered 2xx.</param>
public sealed record WebhookRow(WebhookSubscription Subscription, int Pending, int Failed, int Succeeded);

/// <summary>Webhook subscriptions (Admin only): the list, pausing, removing, and a form to subscribe a URL.</summary>
[Authorize(Policy = WebhookPolicies.Manage)]
public sealed class IndexModel(RetourDbContext db, WebhookSubscriptions subscriptions) : PageModel
{
    /// <summary>Every subscription.</summary>
    public IReadOnlyList<WebhookRow> Rows { get; private set; } = [];

    /// <summary>The new subscription's URL.</summary>
    [BindProperty]
    public string? TargetUrl { get; set; }

    /// <summary>Its events.</summary>
    [BindProperty]
    public List<string> Events { get; set; } = [];

    /// <summary>Its description.</summary>
    [BindProperty]
    public string? Description { get; set; }

    /// <summary>The secret of the subscription just created, shown this once.</summary>
    public string? Secret { get; private set; }

    /// <summary>What the last change did.</summary>
    public string? Done { get; private set; }

    /// <summary>Why the last change was refused.</summary>
    public IReadOnlyList<string> Errors { get; private set; } = [];

    /// <summary>The list.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Subscribes the URL; shows the secret once.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (subscription, secret, errors) = await subscriptions.CreateAsync(TargetUrl, Events, Description, By, ct);
        if (subscription is null)
        {
            Errors = [.. errors.ToDictionary().SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))];
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else
        {
            Secret = secret;
            Done = $"{subscription.Url} subscribed. Copy its signing secret now: it is not shown again.";
            (TargetUrl, Events, Description) = (null, [], null);
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Pauses or resumes a subscription.</summary>
    public async Task<IActionResult> OnPostPauseAsync(Guid id, bool paused, CancellationToken ct)
    {
        var (subscription, _) = await subscriptions.UpdateAsync(id, null, null, null, paused, By, ct);
        Done = subscription is null ? null : paused ? $"{subscription.Url} is paused." : $"{subscription.Url} is active again; its waiting deliveries go now.";
        Errors = subscription is null ? ["No such subscription."] : [];
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Removes a subscription and its delivery log.</summary>
    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        var deleted = await subscriptions.DeleteAsync(id, By, ct);
        Done = deleted ? "Subscription removed." : null;
        Errors = deleted ? [] : ["No such subscription."];
        await LoadAsync(ct);
        return Page();
    }

    private string By => User.Identity?.Name ?? "admin";

    private async Task LoadAsync(CancellationToken ct)
    {
        var all = await db.WebhookSubscriptions.AsNoTracking().OrderBy(s => s.CreatedAt).ToListAsync(ct);
        var counts = await db.WebhookDeliveries.AsNoTracking()
            .GroupBy(d => new { d.SubscriptionId, d.Status })
            .Select(g => new { g.Key.SubscriptionId, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        int Count(Guid id, WebhookDeliveryStatus status) => counts.Where(c => c.SubscriptionId == id && c.Status == status).Sum(c => c.Count);
        Rows = [.. all.Select(s => new WebhookRow(s, Count(s.Id, WebhookDeliveryStatus.Pending), Count(s.Id, WebhookDeliveryStatus.Failed), Count(s.Id, WebhookDeliveryStatus.Succeeded)))];
    }
}
