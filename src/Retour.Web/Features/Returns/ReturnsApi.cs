using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain.Returns;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Staff;
using Retour.Web.Features.Portal;
using Retour.Web.Features.Shop;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Returns;

/// <summary>Routes of the return lifecycle.</summary>
public static class ReturnsApi
{
    /// <summary>Maps <c>/api/v1/returns</c>.</summary>
    public static IEndpointRouteBuilder MapReturnsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/returns").WithTags("Returns");

        group.MapPost("/", async (RequestReturnRequest request, HttpContext http, RetourDbContext db, PolicyBook book, TimeProvider clock, IEnumerable<Refunds.IChargeProvider> chargers, CancellationToken ct) =>
            !string.IsNullOrWhiteSpace(request?.OverrideJustification) && !StaffPolicies.Allows(StaffPolicies.Override, http.User.IsInRole)
                ? Problems.Forbidden("Overriding the policy needs a key with the Admin or Manager role.")
                : await Validated(RequestReturn.Validate(request!), () => RequestReturn.HandleAsync(request!, Actors.Of(http.User), IdempotencyKey(http), db, book, clock, chargers, ct)))
            .WithName("RequestReturn")
            .WithSummary("Open a return for lines of an order")
            .WithDescription("Each line is checked against what is still returnable (bought minus what other open returns hold) and decided by the policy in force when the order was placed, or by the current one when it is more generous; the answer explains each line's decision (outcome, basis, reasons, resolutions, fees, policy version). A line needing review sends the return to review. A key with the Admin or Manager role may send overrideJustification: lines the policy refused or doubted become eligible and the return is approved, with the justification on the timeline. ticketReference keeps the helpdesk ticket the return came from. Send an Idempotency-Key so a retry never opens a second return.")
            .Produces<ReturnResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/", ([AsParameters] ReturnQuery query, string? cursor, int? limit, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
            ListReturns.HandleAsync(query, cursor, limit, db, clock.GetUtcNow(), ct))
            .WithName("ListReturns")
            .WithSummary("List returns, newest or oldest first")
            .WithDescription("Filter by status and channel (each repeatable), requested-at range (from, to), customer email, order number, payment transaction id (the order's payment or a refund's reference) and work queue (inReview, requested, awaitingShipment, inTransit, partlyReceived, awaitingInspection, awaitingRefund, refundFailed, chargeFailed, overdue, attention, done, ended); sort=newest (default) or oldest. Pass nextCursor back as cursor, with the same sort, for the next page (at most 200 a page).")
            .Produces<ReturnPage>()
            .ProducesValidationProblem();

        group.MapGet("/export.csv", async ([AsParameters] ReturnQuery query, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
        {
            var now = clock.GetUtcNow();
            var (filter, errors) = ListReturns.Parse(query, now);
            if (!errors.IsEmpty)
            {
                return errors.ToProblem();
            }

            await ExportReturns.WriteAsync(http.Response, db, filter, http.User, now, ct);
            return Results.Empty;
        })
            .WithName("ExportReturns")
            .WithSummary("Every return matching the list's filters, as CSV")
            .WithDescription("The same query parameters as the list (no cursor: the whole filtered set, streamed). Columns: number, status, channel, order_number, customer_email, currency, units, requested_at, updated_at (ISO 8601, UTC). A text field starting with =, +, -, @, tab or CR is prefixed with an apostrophe so that a spreadsheet never runs it as a formula. Each export is audited.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem()
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.ExportReturns));

        group.MapGet("/{id:guid}", async (Guid id, HttpContext http, RetourDbContext db, IOptions<ReturnsOptions> options, IOptions<LatePaymentOptions> late, TimeProvider clock, CancellationToken ct) =>
            await db.Returns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } r ? await WithETag(http, r, db, options.Value, late.Value, clock, ct) : Problems.NotFound("return", id))
            .WithName("GetReturn")
            .WithSummary("Get a return with its lines, decisions, refunds and timeline")
            .Produces<ReturnResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/by-number/{number}", async (string number, HttpContext http, RetourDbContext db, IOptions<ReturnsOptions> options, IOptions<LatePaymentOptions> late, TimeProvider clock, CancellationToken ct) =>
        {
            var normalized = number.Trim().ToUpperInvariant();
            return await db.Returns.AsNoTracking().FirstOrDefaultAsync(r => r.Number == normalized, ct) is { } r ? await WithETag(http, r, db, options.Value, late.Value, clock, ct) : Problems.NotFound("return", number);
        })
            .WithName("GetReturnByNumber")
            .WithSummary("Get a return by its number (R-XXXXXX)")
            .Produces<ReturnResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        Transition(group, "/{id:guid}/approve", "ApproveReturn", "Approve a requested or reviewed return", (Guid id, ApproveReturnRequest? body, HttpContext http, RetourDbContext db, PolicyBook book, TimeProvider clock, CancellationToken ct) =>
            ReturnCommand.RunAsync(id, http, db, r => ApproveReturn.HandleAsync(r, body, Actors.Of(http.User), db, book, clock.GetUtcNow(), ct), ct))
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.Decide));

        Transition(group, "/{id:guid}/reject", "RejectReturn", "Reject a return with a message for the customer", (Guid id, RejectReturnRequest body, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
            Validated(RejectReturn.Validate(body), () => ReturnCommand.RunAsync(id, http, db, r => r.Reject(Actors.Of(http.User), body.Message.Trim(), clock.GetUtcNow()), ct)))
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.Decide));

        Transition(group, "/{id:guid}/notes", "AddNote", "Add an internal note (never shown to the customer)", (Guid id, AddNoteRequest body, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
            Validated(StaffDecisions.Validate(body), () => ReturnCommand.RunAsync(id, http, db, r => r.AddNote(Actors.Of(http.User), body.Text, clock.GetUtcNow()), ct)))
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.AnyStaff));

        Transition(group, "/{id:guid}/messages", "MessageCustomer", "Write to the customer about the return (emailed, and kept on the timeline)", (Guid id, MessageCustomerRequest body, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
            Validated(StaffDecisions.Validate(body), () => ReturnCommand.RunAsync(id, http, db, r => r.MessageCustomer(Actors.Of(http.User), body.Text, clock.GetUtcNow()), ct)))
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.MessageCustomers));

        Transition(group, "/{id:guid}/override", "OverridePolicy", "Override the policy's refusal or doubt on a line, with a justification (before the decision)", (Guid id, OverridePolicyRequest body, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
            Validated(StaffDecisions.Validate(body), () => ReturnCommand.RunAsync(id, http, db, r => r.OverridePolicy(Actors.Of(http.User), body.LineId, body.Justification, clock.GetUtcNow()), ct)))
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.Override));

        Transition(group, "/{id:guid}/quantity", "ChangeQuantity", "Change how many units of a line come back, before the parcel is on its way", (Guid id, ChangeQuantityRequest body, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
            Validated(StaffDecisions.Validate(body), () => ReturnCommand.RunAsync(id, http, db, r => r.ChangeQuantity(Actors.Of(http.User), body.LineId, body.Quantity, body.Reason, clock.GetUtcNow()), ct)))
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.Override));

        Transition(group, "/{id:guid}/fees", "LowerFees", "Lower a line's restocking and return-shipping fees until the refund is decided", (Guid id, LowerFeesRequest body, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
            Validated(StaffDecisions.Validate(body), () => ReturnCommand.RunAsync(id, http, db, r => r.LowerFees(Actors.Of(http.User), body.LineId, body.RestockingPercent, body.ReturnShippingFee, body.Reason, clock.GetUtcNow()), ct)))
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.Override));

        Transition(group, "/{id:guid}/waive-return-shipping", "WaiveReturnShipping", "Waive the return-shipping fee on every line", (Guid id, WaiveShippingRequest body, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
            Validated(StaffDecisions.Validate(body), () => ReturnCommand.RunAsync(id, http, db, r => r.WaiveReturnShipping(Actors.Of(http.User), body.Reason, clock.GetUtcNow()), ct)))
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.Override));

        Transition(group, "/{id:guid}/goodwill-refunds", "RecordGoodwillRefund", "Grant a goodwill refund on top of the settlement, to the original payments (send an Idempotency-Key)", (Guid id, GoodwillRefundRequest body, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
            Validated(StaffDecisions.Validate(body), () => ReturnCommand.RunAsync(id, http, db, async r => r.RecordGoodwill(await db.Orders.FirstAsync(o => o.Id == r.OrderId, ct), body.Amount, body.Reason, Actors.Of(http.User), clock.GetUtcNow()), ct)))
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.Override));

        Transition(group, "/{id:guid}/cancel", "CancelReturn", "Cancel a return before it was shipped", (Guid id, CancelReturnRequest? body, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
            Validated(CancelReturn.Validate(body), () => ReturnCommand.RunAsync(id, http, db, r => r.Cancel(Actors.Of(http.User), body?.Reason, clock.GetUtcNow()), ct)));

        Transition(group, "/{id:guid}/label", "IssueLabel", "Record the label issued for the parcel", (Guid id, IssueLabelRequest body, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
            Validated(IssueLabel.Validate(body), () => ReturnCommand.RunAsync(id, http, db, r => r.IssueLabel(Actors.Of(http.User), body.Carrier.Trim(), body.TrackingNumber.Trim(), clock.GetUtcNow()), ct)));

        Transition(group, "/{id:guid}/carrier-events", "RecordCarrierEvent", "Record a carrier event (first scan, in transit, delivered, exception, returned to sender)", (Guid id, CarrierEventRequest body, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
            Validated(RecordCarrierEvent.Validate(body), () => ReturnCommand.RunAsync(id, http, db, r => r.RecordCarrierEvent(Actors.Of(http.User), body.Kind, body.OccurredAt.ToUniversalTime(), body.Detail, clock.GetUtcNow()), ct)));

        Transition(group, "/{id:guid}/receipts", "ReceiveItems", "Record units received, per line (partial receipts allowed)", (Guid id, ReceiveItemsRequest body, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
            Validated(ReceiveItems.Validate(body), () => ReturnCommand.RunAsync(id, http, db, r => r.Receive(Actors.Of(http.User), body.Lines.Select(l => (l.LineId, l.Quantity)).ToList(), clock.GetUtcNow()), ct)))
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.Receive));

        Transition(group, "/{id:guid}/inspections", "InspectUnits", "Grade received units, check them against what was shipped, set their disposition; restocked units join the site's stock and emit InventoryRestocked", (Guid id, InspectUnitsRequest body, HttpContext http, RetourDbContext db, IOptions<ShopOptions> shop, ReturnPhotos photos, TimeProvider clock, CancellationToken ct) =>
            Validated(InspectUnits.Validate(body), () => ReturnCommand.RunAsync(id, http, db, r => InspectUnits.HandleAsync(r, body, Actors.Of(http.User), db, shop.Value, photos, clock.GetUtcNow(), null, ct), ct)))
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.Inspect));

        Transition(group, "/{id:guid}/resolve", "ResolveReturn", "Settle an inspected return: refunds, store credit, gift card, exchange, replacement or repair, each line as the customer chose unless a resolution is given", (Guid id, ResolveReturnRequest? body, HttpContext http, RetourDbContext db, ResolveReturn resolve, TimeProvider clock, CancellationToken ct) =>
            ReturnCommand.RunAsync(id, http, db, r => resolve.HandleAsync(r, body ?? new ResolveReturnRequest(), Actors.Of(http.User), clock.GetUtcNow(), ct), ct));

        Transition(group, "/{id:guid}/settlements/{entryId:guid}/fulfilment", "FulfilSettlement", "Report the shop's order that sends an exchange, replacement or repair; the units held for it are handed over to that order", (Guid id, Guid entryId, FulfilSettlementRequest body, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
            Validated(new FieldErrors().Text(body?.Reference, "reference", 200).Text(body?.Carrier, "carrier", 50, required: false).Text(body?.TrackingNumber, "trackingNumber", 100, required: false), () => ReturnCommand.RunAsync(id, http, db, async r =>
            {
                var now = clock.GetUtcNow();
                var result = r.FulfilSettlement(entryId, body!.Reference, Actors.Of(http.User), now, body.Carrier, body.TrackingNumber);
                if (result.IsSuccess && r.Settlements.FirstOrDefault(x => x.Id == entryId)?.ReturnLineId is { } line)
                {
                    await Exchanges.ExchangeStock.ReleaseAsync(db, r.Id, now, ct, line, fulfilled: true);
                }

                return result;
            }, ct)));

        Transition(group, "/{id:guid}/settlements/{entryId:guid}/delivery", "ConfirmSettlementDelivered", "Confirm that the item of an exchange, replacement or repair reached the customer (from the carrier's tracking or the shop)", (Guid id, Guid entryId, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
            ReturnCommand.RunAsync(id, http, db, r => Task.FromResult(r.ConfirmSettlementDelivered(entryId, Actors.Of(http.User), clock.GetUtcNow())), ct));

        Transition(group, "/{id:guid}/settlements/{entryId:guid}/reversal", "ReverseStoreCredit", "Take back the store credit (with its bonus) a return's settlement issued, with a reason; refused when the customer has already spent it", (Guid id, Guid entryId, ReverseCreditRequest body, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
            Validated(new FieldErrors().Text(body?.Reason, "reason", 1000), () => ReturnCommand.RunAsync(id, http, db, r => ReverseStoreCredit.HandleAsync(db, r, entryId, body!.Reason, Actors.Of(http.User), clock.GetUtcNow(), ct), ct)))
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.Override));

        Transition(group, "/{id:guid}/ticket", "LinkTicket", "Link the return to a helpdesk ticket: its reference and web address (an agent's Zendesk, Gorgias or Freshdesk ticket)", (Guid id, LinkTicketRequest body, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
            Validated(new FieldErrors().Text(body?.Reference, "reference", ReturnCase.MaxTicketReference).Text(body?.Url, "url", ReturnCase.MaxTicketUrl, required: false), () => ReturnCommand.RunAsync(id, http, db, r => r.LinkTicket(body!.Reference, body.Url, Actors.Of(http.User), clock.GetUtcNow()), ct)));

        Transition(group, "/{id:guid}/charges/{chargeId:guid}/follow-up", "FollowUpCharge", "Follow up a charge the customer's card refused while they owe it (a dearer exchange's difference for an item already sent, or an instant exchange's hold not sent back): charge the card again, or record that it was settled another way", (Guid id, Guid chargeId, FollowUpChargeRequest body, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
            Validated(new FieldErrors().Text(body?.Note, "note", 1000), () => ReturnCommand.RunAsync(id, http, db, r => Task.FromResult(r.FollowUpCharge(chargeId, body!.Action == ChargeFollowUp.Retry, body.Note, Actors.Of(http.User), clock.GetUtcNow())), ct)))
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.Override));

        return app;
    }

    private static RouteHandlerBuilder Transition(RouteGroupBuilder group, string pattern, string name, string summary, Delegate handler) =>
        group.MapPost(pattern, handler)
            .WithName(name)
            .WithSummary(summary)
            .WithDescription("Send If-Match with the ETag you read to refuse the change (409) when someone changed the return meanwhile.")
            .Produces<ReturnResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<IResult> Validated(FieldErrors errors, Func<Task<IResult>> run) =>
        errors.IsEmpty ? await run() : errors.ToProblem();

    private static string? IdempotencyKey(HttpContext http) =>
        http.Request.Headers[IdempotencyMiddleware.Header].ToString() is { Length: > 0 } key ? key : null;

    // A return read on its own carries its refund deadline and, when a French consumer's refund is late, the increase owed.
    private static async Task<IResult> WithETag(HttpContext http, ReturnCase r, RetourDbContext db, ReturnsOptions options, LatePaymentOptions late, TimeProvider clock, CancellationToken ct)
    {
        http.Response.Headers.ETag = ReturnResponse.ETag(r);
        var response = ReturnResponse.From(r);
        if (await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == r.OrderId, ct) is { } order)
        {
            var (deadline, lateRefund) = LateRefunds.Of(r, order, TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone), late.Rates(), clock.GetUtcNow());
            response = response with { RefundDeadline = deadline, LateRefund = lateRefund };
        }

        return Results.Ok(response);
    }
}
