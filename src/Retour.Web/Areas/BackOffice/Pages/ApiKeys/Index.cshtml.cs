using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Retour.Web.Features.ApiKeys;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.ApiKeys;

/// <summary>API keys (Admin only): the list with last use, a form to make one (shown once) and revocation.</summary>
[Authorize(Policy = StaffPolicies.ManageIntegrations)]
public sealed class IndexModel(RetourDbContext db, ApiKeyAdmin admin, TimeProvider clock) : PageModel
{
    /// <summary>Every key, newest first.</summary>
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    /// <summary>Now, to tell live keys from expired ones.</summary>
    public DateTimeOffset Now { get; private set; }

    /// <summary>The new key's name.</summary>
    [BindProperty]
    public string? Name { get; set; }

    /// <summary>Its scopes.</summary>
    [BindProperty]
    public List<string> Scopes { get; set; } = [];

    /// <summary>The staff role it acts with; empty for every role.</summary>
    [BindProperty]
    public string? Role { get; set; }

    /// <summary>Its own limit of requests per minute; empty for the default.</summary>
    [BindProperty]
    public int? PerMinute { get; set; }

    /// <summary>The day it stops working; empty for never.</summary>
    [BindProperty]
    public DateOnly? ExpiresOn { get; set; }

    /// <summary>The key just made, shown this once.</summary>
    public string? Secret { get; private set; }

    /// <summary>What the last change did.</summary>
    public string? Done { get; private set; }

    /// <summary>Why the last change was refused.</summary>
    public IReadOnlyList<string> Errors { get; private set; } = [];

    /// <summary>The list.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Makes a key and shows it once.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var expires = ExpiresOn is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : (DateTimeOffset?)null;
        var (key, secret, errors) = await admin.CreateAsync(Name, Scopes, string.IsNullOrEmpty(Role) ? null : Role, PerMinute, expires, By, ct);
        if (key is null)
        {
            Errors = [.. errors.ToDictionary().SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))];
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else
        {
            Secret = secret;
            Done = $"Key \"{key.Name}\" made. Copy it now: it is not shown again.";
            (Name, Scopes, Role, PerMinute, ExpiresOn) = (null, [], null, null, null);
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Revokes a key.</summary>
    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct)
    {
        var revoked = await admin.RevokeAsync(id, By, ct);
        Done = revoked ? "Key revoked: it no longer opens the API." : null;
        Errors = revoked ? [] : ["No such live key."];
        await LoadAsync(ct);
        return Page();
    }

    private string By => User.Identity?.Name ?? "admin";

    private async Task LoadAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        Keys = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.Id).ToListAsync(ct);
    }
}
