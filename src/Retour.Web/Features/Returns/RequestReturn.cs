using Microsoft.EntityFrameworkCore;
using Retour.Domain;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Features.Policies;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Returns;

/// <summary>
/// Asks to return lines of an order; <paramref name="Method"/> is how the parcel comes back (a label by default);
/// <paramref name="Gift"/> names the recipient of a gift who returns it for store credit.
/// </summary>
public sealed record RequestReturnRequest(
    Guid OrderId,
    IReadOnlyList<RequestReturnLine> Lines,
    ReturnChannel? Channel = null,
    ReturnMethod? Method = null,
    GiftRecipient? Gift = null,
    string? TicketReference = null,
    string? OverrideJustification = null,
    string? TicketUrl = null);

/// <summary>
/// One line to return: which order line, how many, why, and what the customer wants; whether the item's seal was
/// opened, the ids of photos sent as evidence and, for an exchange, the SKU wanted instead and whether it should ship at
/// once (<paramref name="InstantExchange"/>: before the return arrives, against a hold on the customer's card, when the
/// policy offers it and the order was paid by a card whose provider can hold an amount).
/// </summary>
public sealed record RequestReturnLine(
    Guid OrderLineId,
    int Quantity,
    string ReasonCode,
    Resolution Resolution = Resolution.Refund,
    string? Comment = null,
    bool Unsealed = false,
    IReadOnlyList<string>? Photos = null,
    string? ExchangeSku = null,
    bool InstantExchange = false);

/// <summary>Opens a return case after checking quantities and asking the policy.</summary>
public static class RequestReturn
{
    private const int Attempts = 4;

    /// <summary>Photos one line may carry.</summary>
    public const int MaxPhotos = 10;

    /// <summary>Checks the request's shape.</summary>
    public static FieldErrors Validate(RequestReturnRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var v = new FieldErrors()
            .Check(r.OrderId != Guid.Empty, "orderId", "Required.")
            .Check(r.Lines is { Count: > 0 and <= 100 }, "lines", "Between 1 and 100 lines.")
            .Text(r.TicketReference, "ticketReference", 100, required: false)
            .Text(r.TicketUrl, "ticketUrl", ReturnCase.MaxTicketUrl, required: false)
            .Check(r.TicketUrl is null || (!string.IsNullOrWhiteSpace(r.TicketReference) && Uri.TryCreate(r.TicketUrl.Trim(), UriKind.Absolute, out var ticket) && ticket.Scheme is "https" or "http"), "ticketUrl", "An absolute http or https address, with its ticketReference.")
            .Text(r.OverrideJustification, "overrideJustification", 1000, required: false);
        if (r.Gift is not null)
        {
            v.Text(r.Gift.Name, "gift.name", 200)
                .Text(r.Gift.Email, "gift.email", 320)
                .Check(System.Net.Mail.MailAddress.TryCreate(r.Gift.Email?.Trim(), out _), "gift.email", "Not an email address.");
        }

        var lines = r.Lines ?? [];
        for (var i = 0; i < lines.Count; i++)
        {
            v.Check(lines[i].OrderLineId != Guid.Empty, $"lines[{i}].orderLineId", "Required.")
                .Check(lines[i].Quantity >= 1, $"lines[{i}].quantity", "At least 1.")
                .Check(lines[i].Resolution != Resolution.Exchange || !string.IsNullOrWhiteSpace(lines[i].ExchangeSku), $"lines[{i}].exchangeSku", "Required for an exchange: the SKU wanted instead.")
                .Check(!lines[i].InstantExchange || lines[i].Resolution == Resolution.Exchange, $"lines[{i}].instantExchange", "Only for an exchange.")
                .Text(lines[i].ReasonCode, $"lines[{i}].reasonCode", 64)
                .Text(lines[i].Comment, $"lines[{i}].comment", 2000, required: false);
            Photos(v, lines[i].Photos, $"lines[{i}].photos");
        }

        return v;
    }

    /// <summary>At most <see cref="MaxPhotos"/> photo ids, each a non-blank text of at most 200 characters.</summary>
    internal static FieldErrors Photos(FieldErrors v, IReadOnlyList<string>? photos, string field)
    {
        var list = photos ?? [];
        v.Check(list.Count <= MaxPhotos, field, $"At most {MaxPhotos} photos.");
        for (var j = 0; j < list.Count; j++)
        {
            v.Text(list[j], $"{field}[{j}]", 200);
        }

        return v;
    }

    /// <summary>Units of each order line that the order's open returns hold (what is no longer returnable).</summary>
    internal static async Task<Dictionary<Guid, int>> ClaimedAsync(RetourDbContext db, Guid orderId, CancellationToken ct)
    {
        var others = await db.Returns.AsNoTracking().IgnoreAutoIncludes()
            .Where(c => c.OrderId == orderId && c.Status != ReturnStatus.Cancelled && c.Status != ReturnStatus.Rejected && c.Status != ReturnStatus.Expired)
            .Select(c => new { c.Status, Lines = c.Lines.Select(l => new { l.OrderLineId, l.Quantity, l.ApprovedQuantity }) })
            .ToListAsync(ct);
        return others
            .SelectMany(c => c.Lines.Select(l => (l.OrderLineId, Units: ReturnLine.Claimed(c.Status, l.Quantity, l.ApprovedQuantity))))
            .GroupBy(x => x.OrderLineId)
            .ToDictionary(g => g.Key, g => g.Sum(x => x.Units));
    }

    // Each exchange must name a variant on offer for its line (in stock, in the order's currency); the difference is quoted now.
    // An instant exchange needs the policy in force to offer it and a card on the order that can be held.
    private static async Task<(List<RequestedLine> Lines, Result? Refused)> QuoteExchangesAsync(RequestReturnRequest r, Domain.Orders.Order order, List<RequestedLine> lines, RetourDbContext db, PolicyBook book, IEnumerable<Refunds.IChargeProvider>? chargers, DateTimeOffset now, CancellationToken ct)
    {
        var options = await Inventory.ExchangeCatalog.OptionsAsync(db, order, ct);
        var errors = new List<DomainError>();
        if (r.Lines.Any(l => l.InstantExchange))
        {
            var field = $"lines[{r.Lines.ToList().FindIndex(l => l.InstantExchange)}].instantExchange";
            if ((await book.InForceAtAsync(db, now, ct)).Policy.Resolutions.InstantExchangeDays is null)
            {
                errors.Add(new("return.exchange.instantNotOffered", "The return policy does not offer instant exchanges.", field));
            }
            else if (Exchanges.InstantExchanges.ChargeableTender(order, chargers ?? []) is null)
            {
                errors.Add(new("return.exchange.instantNeedsCard", $"Order {order.Number} was not paid by a card whose provider can hold an amount; the exchange ships when the return arrives.", field));
            }
        }

        for (var i = 0; i < r.Lines.Count; i++)
        {
            if (r.Lines[i].Resolution != Resolution.Exchange)
            {
                continue;
            }

            var sku = r.Lines[i].ExchangeSku!.Trim();
            var option = options.GetValueOrDefault(r.Lines[i].OrderLineId)?.FirstOrDefault(o => o.Variant.Sku == sku);
            if (option is null)
            {
                errors.Add(new("return.exchange.unavailable", $"'{sku}' cannot be offered in exchange for this item: it is not in stock, not sold in {order.CurrencyCode}, or not a variant of the same product or category.", $"lines[{i}].exchangeSku"));
                continue;
            }

            lines[i] = lines[i] with { Exchange = new RequestedExchange(option.Variant.Sku, option.PriceDifference, r.Lines[i].InstantExchange) };
        }

        return errors.Count > 0 ? (lines, Result.Fail(errors)) : (lines, null);
    }

    /// <summary>The request's line as the domain takes it.</summary>
    internal static RequestedLine ToRequested(Guid orderLineId, int quantity, string reasonCode, Resolution resolution, string? comment, bool unsealed, IReadOnlyList<string>? photos) =>
        new(orderLineId, quantity, reasonCode.Trim(), comment, resolution, unsealed, photos?.Select(p => p.Trim()).ToList());

    /// <summary>
    /// Opens the return, each line judged by the policy in force when the order was placed unless the current one is
    /// more generous. Two requests racing for the same order line cannot both take the last units: opening a return
    /// bumps the order's version, so the second writer's save fails, re-reads and is checked again.
    /// </summary>
    public static async Task<IResult> HandleAsync(
        RequestReturnRequest r,
        Actor actor,
        string? idempotencyKey,
        RetourDbContext db,
        PolicyBook book,
        TimeProvider clock,
        IEnumerable<Refunds.IChargeProvider> chargers,
        CancellationToken ct) =>
        (await OpenAsync(r, actor, idempotencyKey, db, book, clock, ct, chargers: chargers))
            .ToHttp("order", r.OrderId, opened => Results.Created($"/api/v1/returns/{opened.Id}", ReturnResponse.From(opened)));

    /// <summary>
    /// Opens the return (or finds the one this idempotency key already opened): the return case, the rules the
    /// request broke, or an unknown order. Portal pages, back-office pages and the API all come here;
    /// <paramref name="alongside"/> adds what must be saved in the same transaction (a staff member's audit entry);
    /// <paramref name="chargers"/> are the providers that can hold a card, for instant exchanges.
    /// </summary>
    public static async Task<Outcome<ReturnCase>> OpenAsync(
        RequestReturnRequest r,
        Actor actor,
        string? idempotencyKey,
        RetourDbContext db,
        PolicyBook book,
        TimeProvider clock,
        CancellationToken ct,
        Action<ReturnCase>? alongside = null,
        IEnumerable<Refunds.IChargeProvider>? chargers = null)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(clock);
        var creationKey = idempotencyKey is null ? null : $"{actor.Name}:{idempotencyKey}";
        for (var attempt = 1; ; attempt++)
        {
            if (creationKey is not null && await db.Returns.IgnoreAutoIncludes().AnyAsync(c => c.CreationKey == creationKey, ct))
            {
                return Outcome.Ok(await db.Returns.AsNoTracking().FirstAsync(c => c.CreationKey == creationKey, ct));
            }

            var order = await db.Orders.FirstOrDefaultAsync(o => o.Id == r.OrderId, ct);
            if (order is null)
            {
                return Outcome.Missing<ReturnCase>();
            }

            var claimed = await ClaimedAsync(db, order.Id, ct);
            var policy = await book.ForOrderAsync(db, order.PlacedAt, ct);
            var history = await CustomerHistories.OfAsync(db, order.Customer.Email, ct);
            var now = clock.GetUtcNow();
            var lines = r.Lines.Select(l => ToRequested(l.OrderLineId, l.Quantity, l.ReasonCode, l.Resolution, l.Comment, l.Unsealed, l.Photos)).ToList();
            if (r.Lines.Any(l => l.Resolution == Resolution.Exchange))
            {
                var (quoted, refused) = await QuoteExchangesAsync(r, order, lines, db, book, chargers, now, ct);
                if (refused is not null)
                {
                    return Outcome.Refused<ReturnCase>(refused);
                }

                lines = quoted;
            }

            var (returnCase, result) = ReturnCase.Request(order, lines, claimed, policy, r.Channel ?? ReturnChannel.Api, actor, ReturnNumber.Create(), creationKey, now, history, r.Method ?? ReturnMethod.Label, r.Gift is null ? null : new GiftRecipient(r.Gift.Name.Trim(), r.Gift.Email.Trim().ToLowerInvariant()), r.OverrideJustification, r.TicketReference);
            if (!result.IsSuccess)
            {
                return Outcome.Refused<ReturnCase>(result);
            }

            if (r.TicketUrl is not null && returnCase!.LinkTicket(r.TicketReference!, r.TicketUrl, actor, now) is { IsSuccess: false } ticketRefused)
            {
                return Outcome.Refused<ReturnCase>(ticketRefused);
            }

            order.Touch(now);
            db.Returns.Add(returnCase!);
            alongside?.Invoke(returnCase!);
            try
            {
                await db.SaveChangesAsync(ct);
                return Outcome.Ok(returnCase!);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // A concurrent return on the same order, a reused number or a racing retry: read again and re-check.
                db.ChangeTracker.Clear();
            }
        }
    }
}
