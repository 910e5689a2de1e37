using Microsoft.EntityFrameworkCore;
using Retour.Domain;
using Retour.Domain.Orders;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Features.Returns;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Policies;

/// <summary>Asks what the policy would decide for lines of an order; without lines, every line for a change of mind.</summary>
public sealed record EligibilityRequest(Guid OrderId, IReadOnlyList<EligibilityLine>? Lines = null, ReturnMethod? Method = null);

/// <summary>One line to judge; without a quantity, every unit still returnable.</summary>
public sealed record EligibilityLine(
    Guid OrderLineId,
    string ReasonCode,
    int? Quantity = null,
    Resolution Resolution = Resolution.Refund,
    bool Unsealed = false,
    IReadOnlyList<string>? Photos = null,
    string? Comment = null);

/// <summary>What opening a return would decide for each line, now.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="OrderNumber">Its number.</param>
/// <param name="At">The instant judged.</param>
/// <param name="PolicyVersion">The version in force now.</param>
/// <param name="PolicyVersionAtPurchase">The version in force when the order was placed.</param>
/// <param name="Lines">One decision per line.</param>
public sealed record EligibilityResponse(Guid OrderId, string OrderNumber, DateTimeOffset At, string PolicyVersion, string PolicyVersionAtPurchase, IReadOnlyList<LineEligibility> Lines);

/// <summary>The whole decision on one line.</summary>
public sealed record LineEligibility(
    Guid OrderLineId,
    string Sku,
    int Quantity,
    string ReasonCode,
    DecisionOutcome Outcome,
    string Basis,
    IReadOnlyList<DecisionReason> Reasons,
    IReadOnlyList<Resolution> Resolutions,
    decimal ReturnShippingFee,
    decimal RestockingPercent,
    DateTimeOffset? ReturnBy,
    DateTimeOffset? ShipBy,
    bool KeepItem,
    IReadOnlyList<ItemCondition> Conditions,
    RefundTiming RefundTiming,
    bool AutoApprove,
    string PolicyVersion);

/// <summary>
/// A dry run of opening a return: the same checks, the same facts and the same judge (<see cref="VersionedPolicy"/>)
/// as <see cref="RequestReturn"/>, and nothing written.
/// </summary>
public static class CheckEligibility
{
    private const string DefaultReason = "changed-mind";

    /// <summary>Checks the request's shape.</summary>
    public static FieldErrors Validate(EligibilityRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var v = new FieldErrors()
            .Check(r.OrderId != Guid.Empty, "orderId", "Required.")
            .Check(r.Lines is null || r.Lines.Count is >= 1 and <= 100, "lines", "Between 1 and 100 lines, or none for every line.");
        var lines = r.Lines ?? [];
        for (var i = 0; i < lines.Count; i++)
        {
            v.Check(lines[i].OrderLineId != Guid.Empty, $"lines[{i}].orderLineId", "Required.")
                .Check(lines[i].Quantity is null or >= 1, $"lines[{i}].quantity", "At least 1.")
                .Text(lines[i].ReasonCode, $"lines[{i}].reasonCode", 64)
                .Text(lines[i].Comment, $"lines[{i}].comment", 2000, required: false);
            RequestReturn.Photos(v, lines[i].Photos, $"lines[{i}].photos");
        }

        return v;
    }

    /// <summary>Judges the lines; 404 for an unknown order, 422 for lines that opening a return would refuse outright.</summary>
    public static async Task<IResult> HandleAsync(EligibilityRequest r, RetourDbContext db, PolicyBook book, TimeProvider clock, CancellationToken ct) =>
        (await JudgeAsync(r, db, book, clock, ct)).ToHttp("order", r.OrderId, Results.Ok);

    /// <summary>Judges the lines: the answer, the lines opening a return would refuse outright, or an unknown order.</summary>
    public static async Task<Outcome<EligibilityResponse>> JudgeAsync(EligibilityRequest r, RetourDbContext db, PolicyBook book, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(clock);
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == r.OrderId, ct);
        if (order is null)
        {
            return Outcome.Missing<EligibilityResponse>();
        }

        var claimed = await RequestReturn.ClaimedAsync(db, order.Id, ct);
        var policy = await book.ForOrderAsync(db, order.PlacedAt, ct);
        var history = await CustomerHistories.OfAsync(db, order.Customer.Email, ct);
        return Judge(r, order, claimed, policy, history, clock.GetUtcNow());
    }

    /// <summary>
    /// Judges the lines of an order already loaded, with what its open returns hold, the policy that judges it and
    /// the customer's history: for pages that hold these already and must not read them again.
    /// </summary>
    public static Outcome<EligibilityResponse> Judge(EligibilityRequest r, Order order, IReadOnlyDictionary<Guid, int> claimed, VersionedPolicy policy, CustomerHistory history, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(claimed);
        ArgumentNullException.ThrowIfNull(policy);
        var method = r.Method ?? ReturnMethod.Label;
        var asked = r.Lines ?? [.. order.Lines
            .Where(l => l.Quantity - claimed.GetValueOrDefault(l.Id) > 0)
            .Select(l => new EligibilityLine(l.Id, DefaultReason))];

        var totals = order.LineTotalsPaid();
        var errors = new List<DomainError>();
        var seen = new HashSet<Guid>();
        var answers = new List<LineEligibility>(asked.Count);
        for (var i = 0; i < asked.Count; i++)
        {
            var line = asked[i];
            var orderLine = order.Lines.FirstOrDefault(l => l.Id == line.OrderLineId);
            if (orderLine is null)
            {
                errors.Add(new("return.line.notOnOrder", $"Order line {line.OrderLineId} is not on order {order.Number}.", $"lines[{i}].orderLineId"));
                continue;
            }

            if (!seen.Add(orderLine.Id))
            {
                errors.Add(new("return.line.duplicate", $"Order line '{orderLine.ShopLineId}' ({orderLine.Sku}) appears twice; give it once with the total quantity.", $"lines[{i}].orderLineId"));
                continue;
            }

            var returnable = orderLine.Quantity - claimed.GetValueOrDefault(orderLine.Id);
            var quantity = line.Quantity ?? returnable;
            if (quantity < 1 || quantity > returnable)
            {
                errors.Add(new("return.quantity.exceedsReturnable", $"Line '{orderLine.ShopLineId}' ({orderLine.Sku}): {quantity} asked but {Math.Max(0, returnable)} can be returned.", $"lines[{i}].quantity"));
                continue;
            }

            if (policy.FaultOf(line.ReasonCode.Trim()) is null)
            {
                errors.Add(new("return.reason.unknown", $"Reason '{line.ReasonCode}' is not one of the policy's reasons.", $"lines[{i}].reasonCode"));
                continue;
            }

            var requested = RequestReturn.ToRequested(orderLine.Id, quantity, line.ReasonCode, line.Resolution, line.Comment, line.Unsealed, line.Photos);
            var d = policy.Decide(ReturnCase.Facts(order, orderLine, requested, history, method, totals), now);
            answers.Add(new LineEligibility(
                orderLine.Id, orderLine.Sku, quantity, requested.ReasonCode, d.Outcome, d.Basis, d.Reasons, d.Resolutions, d.ReturnShippingFee, d.RestockingPercent,
                d.ReturnBy, d.ShipBy, d.KeepItem, d.Conditions, d.RefundTiming, d.AutoApprove, d.PolicyVersion));
        }

        return errors.Count > 0
            ? Outcome.Refused<EligibilityResponse>(Result.Fail(errors))
            : Outcome.Ok(new EligibilityResponse(order.Id, order.Number, now, policy.Current.Version, policy.AtPurchase.Version, answers));
    }
}
