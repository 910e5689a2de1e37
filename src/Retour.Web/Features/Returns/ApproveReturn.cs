using Microsoft.EntityFrameworkCore;
using Retour.Domain;
using Retour.Domain.Returns;
using Retour.Web.Features.Policies;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Returns;

/// <summary>Approves a requested or reviewed return.</summary>
public sealed record ApproveReturnRequest(string? Note = null);

/// <summary>Approves the lines the policy did not refuse and sets the shipping deadline.</summary>
public static class ApproveReturn
{
    /// <summary>
    /// Applies the approval; the customer must ship within the policy's days (the more generous of the version in
    /// force at purchase and the current one), counted in the merchant's calendar.
    /// </summary>
    public static async Task<Result> HandleAsync(ReturnCase returnCase, ApproveReturnRequest? r, Actor actor, RetourDbContext db, PolicyBook book, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(returnCase);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(book);
        var placedAt = await db.Orders.AsNoTracking().IgnoreAutoIncludes().Where(o => o.Id == returnCase.OrderId).Select(o => o.PlacedAt).FirstAsync(ct);
        var policy = await book.ForOrderAsync(db, placedAt, ct);
        return returnCase.Approve(actor, r?.Note, policy.ShipBy(now), now);
    }
}
