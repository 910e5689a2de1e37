using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Orders;
using Retour.Domain.Returns;
using Retour.Web.Features.Returns;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Returns;

/// <summary>A return as staff work it: its lines and the policy's decision on each, the order, the customer's history and the timeline.</summary>
public sealed class ShowModel(RetourDbContext db) : PageModel
{
    /// <summary>The return.</summary>
    public ReturnCase Return { get; private set; } = null!;

    /// <summary>Its order.</summary>
    public Order? Order { get; private set; }

    /// <summary>The customer's returns so far and their return rate.</summary>
    public CustomerHistory History { get; private set; } = CustomerHistory.None;

    /// <summary>Reads the return by its number, or 404.</summary>
    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        var normalized = number.Trim().ToUpperInvariant();
        var found = await db.Returns.AsNoTracking().FirstOrDefaultAsync(r => r.Number == normalized, ct);
        if (found is null)
        {
            return NotFound();
        }

        Return = found;
        Order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == found.OrderId, ct);
        History = await CustomerHistories.OfAsync(db, found.CustomerEmail, ct);
        return Page();
    }
}
