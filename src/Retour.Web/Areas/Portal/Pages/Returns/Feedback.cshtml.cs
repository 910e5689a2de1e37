using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Returns;
using Retour.Web.Features.Portal;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.Portal.Pages.Returns;

/// <summary>
/// What the customer thought of a settled return: the email's one-click rating lands here (and is kept at once), and
/// the page offers to change it and add a comment. Only the signed-in order's settled returns can be rated.
/// </summary>
public sealed class FeedbackModel(RetourDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>The return's number.</summary>
    public string Number { get; private set; } = string.Empty;

    /// <summary>The rating kept, 1 to 5, or null before any.</summary>
    [BindProperty]
    public int? Rating { get; set; }

    /// <summary>The comment.</summary>
    [BindProperty]
    public string? Comment { get; set; }

    /// <summary>Saved: say thank you.</summary>
    public bool Saved { get; private set; }

    /// <summary>What was wrong with the form.</summary>
    public string? Problem { get; private set; }

    /// <summary>Shows the form; a rating in the address (the email's link) is kept at once.</summary>
    public async Task<IActionResult> OnGetAsync(string number, int? rating, CancellationToken ct)
    {
        if (await MineAsync(number, ct) is not { } found)
        {
            return NotFound();
        }

        Number = found.Number;
        var kept = await db.Feedback.FirstOrDefaultAsync(f => f.ReturnCaseId == found.Id, ct);
        Rating = kept?.Rating;
        Comment = kept?.Comment;
        if (rating is >= ReturnFeedback.Lowest and <= ReturnFeedback.Highest)
        {
            Saved = await SaveAsync(found, rating.Value, null, ct);
            Rating = rating;
        }

        return Page();
    }

    /// <summary>Keeps the rating and the comment.</summary>
    public async Task<IActionResult> OnPostAsync(string number, CancellationToken ct)
    {
        if (await MineAsync(number, ct) is not { } found)
        {
            return NotFound();
        }

        Number = found.Number;
        if (Rating is not (>= ReturnFeedback.Lowest and <= ReturnFeedback.Highest) || Comment is { Length: > ReturnFeedback.MaxComment })
        {
            Problem = PortalText.Get("Feedback_Invalid");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Saved = await SaveAsync(found, Rating.Value, Comment ?? string.Empty, ct);
        return Page();
    }

    private async Task<bool> SaveAsync(ReturnCase found, int rating, string? comment, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            var kept = await db.Feedback.FirstOrDefaultAsync(f => f.ReturnCaseId == found.Id, ct);
            if (kept is null)
            {
                var (given, _) = ReturnFeedback.Give(found.Id, found.Number, rating, comment, now);
                db.Feedback.Add(given!);
            }
            else
            {
                kept.Change(rating, comment, now);
            }

            try
            {
                await db.SaveChangesAsync(ct);
                return true;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Two clicks at once: the other made the row; change it instead.
                db.ChangeTracker.Clear();
            }
        }
    }

    // Another order's return, or one not settled yet, is answered like one that does not exist.
    private async Task<ReturnCase?> MineAsync(string number, CancellationToken ct)
    {
        var order = PortalAccess.OrderOf(User);
        var normalized = number.Trim().ToUpperInvariant();
        var found = await db.Returns.AsNoTracking().IgnoreAutoIncludes().FirstOrDefaultAsync(r => r.Number == normalized, ct);
        return found is not null && found.OrderId == order && found.Status is ReturnStatus.Resolved or ReturnStatus.Closed ? found : null;
    }
}
