using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Policies;

/// <summary>The return policy's versions (drafts, the one in force, the superseded ones) and a new draft (Admin, Manager).</summary>
public sealed class IndexModel(RetourDbContext db, PolicyBook book, StaffActions actions, TimeProvider clock) : PageModel
{
    /// <summary>The versions, newest first (the 100 latest).</summary>
    public IReadOnlyList<PolicyVersion> Versions { get; private set; } = [];

    /// <summary>Reads the versions.</summary>
    public async Task OnGetAsync(CancellationToken ct) =>
        Versions = await db.PolicyVersions.AsNoTracking().OrderByDescending(p => p.Number).Take(100).ToListAsync(ct);

    /// <summary>Starts a draft from the policy in force (or a copy of a version), audited, and opens it.</summary>
    public async Task<IActionResult> OnPostAsync(int? copyFrom, string? note, CancellationToken ct)
    {
        actions.Audit(User, "policy.drafted", copyFrom is null ? "from the policy in force" : $"copy of v{copyFrom}");
        var drafted = await CreatePolicy.DraftAsync(new CreatePolicyRequest(CopyFrom: copyFrom, Note: string.IsNullOrWhiteSpace(note) ? null : note.Trim()[..Math.Min(note.Trim().Length, 2000)]), StaffActions.ActorOf(User).Name, db, book, clock, ct);
        return drafted.Value is { } draft ? Redirect($"/backoffice/policies/{draft.Number}") : NotFound();
    }
}
