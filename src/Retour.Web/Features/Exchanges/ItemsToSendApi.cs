using Microsoft.EntityFrameworkCore;
using Retour.Domain.Returns;
using Retour.Web.Features.Staff;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Exchanges;

/// <summary>
/// An item the shop has to send for a return — the new size of an exchange, a replacement, a repaired item — with
/// what it needs to create its order: the return and original order (for the address), the customer, the SKU and
/// units, what the customer still owes (<paramref name="AmountDue"/>) or already paid by card
/// (<paramref name="AmountCharged"/>), and whether it ships ahead of the return (<paramref name="Instant"/>).
/// </summary>
public sealed record ItemToSendResponse(
    Guid EntryId,
    Guid ReturnId,
    string ReturnNumber,
    string OrderNumber,
    string CustomerEmail,
    SettlementKind Kind,
    string Sku,
    int Quantity,
    decimal AmountDue,
    decimal AmountCharged,
    string Currency,
    bool Instant,
    SettlementStatus Status,
    DateTimeOffset RecordedAt,
    string? FulfilmentReference,
    string? TrackingNumber);

/// <summary>The items to send, oldest first.</summary>
public sealed record ItemsToSendResponse(IReadOnlyList<ItemToSendResponse> Items);

/// <summary>
/// <c>GET /api/v1/items-to-send</c>: the shop's work list of items to send for returns, the same facts as the
/// <c>ExchangeCreated</c> event, for a shop that polls instead of (or besides) receiving events. An item leaves the
/// default list once the shop reports its order (<c>POST /api/v1/returns/{id}/settlements/{entryId}/fulfilment</c>).
/// </summary>
public static class ItemsToSendApi
{
    /// <summary>Most items in one answer.</summary>
    public const int MaxLimit = 200;

    /// <summary>Maps the route.</summary>
    public static IEndpointRouteBuilder MapItemsToSendApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/items-to-send", async (RetourDbContext db, CancellationToken ct, string? status = null, int limit = 50) =>
            {
                var errors = new Dictionary<string, string[]>();
                var wanted = SettlementStatus.AwaitingFulfilment;
                if (status is not null && (!Enum.TryParse(status, ignoreCase: true, out wanted) || wanted == SettlementStatus.Issued || int.TryParse(status, out _)))
                {
                    errors["status"] = ["One of awaitingFulfilment, awaitingPayment, fulfilled, delivered, withdrawn (credit and gift cards are not items to send)."];
                }

                if (limit is < 1 or > MaxLimit)
                {
                    errors["limit"] = [$"Between 1 and {MaxLimit}."];
                }

                if (errors.Count > 0)
                {
                    return Problems.Invalid(errors);
                }

                var items = await (
                    from entry in db.Set<SettlementEntry>().AsNoTracking()
                    join r in db.Returns.AsNoTracking().IgnoreAutoIncludes() on EF.Property<Guid>(entry, "ReturnCaseId") equals r.Id
                    where entry.Sku != null && entry.Status == wanted
                    orderby entry.RecordedAt, r.Number, entry.Sku
                    select new ItemToSendResponse(entry.Id, r.Id, r.Number, r.OrderNumber, r.GiftRecipientEmail ?? r.CustomerEmail, entry.Kind, entry.Sku!, entry.Quantity, entry.AmountDue, entry.AmountCharged, entry.CurrencyCode, entry.Instant, entry.Status, entry.RecordedAt, entry.FulfilmentReference, entry.TrackingNumber))
                    .Take(limit)
                    .ToListAsync(ct);
                return Results.Ok(new ItemsToSendResponse(items));
            })
            .WithTags("Exchanges")
            .WithName("ListItemsToSend")
            .WithSummary("Items the shop has to send for returns (exchanges, replacements, repairs), oldest first; by default those waiting for the shop's order")
            .Produces<ItemsToSendResponse>()
            .ProducesValidationProblem()
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.AnyStaff));
        return app;
    }
}
