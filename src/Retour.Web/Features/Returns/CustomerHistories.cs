using Microsoft.EntityFrameworkCore;
using Retour.Domain.Returns;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Returns;

/// <summary>What the policy's review triggers read about a customer: earlier returns and the share of units sent back.</summary>
public static class CustomerHistories
{
    /// <summary>
    /// The customer's earlier returns (cancelled ones do not count: nothing was sent back) and the units of those
    /// returns over the units bought in all their orders; the rate is null when Retour knows no order of theirs.
    /// </summary>
    public static async Task<CustomerHistory> OfAsync(RetourDbContext db, string email, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var returns = db.Returns.AsNoTracking().IgnoreAutoIncludes()
            .Where(r => r.CustomerEmail == email && r.Status != ReturnStatus.Cancelled);
        var count = await returns.CountAsync(ct);
        var returned = count == 0 ? 0 : await returns.SelectMany(r => r.Lines).SumAsync(l => l.Quantity, ct);
        var bought = await db.Orders.AsNoTracking().IgnoreAutoIncludes()
            .Where(o => o.Customer.Email == email)
            .SelectMany(o => o.Lines)
            .SumAsync(l => (int?)l.Quantity, ct) ?? 0;
        return new CustomerHistory(count, bought == 0 ? null : (decimal)returned / bought);
    }
}
