using Retour.Domain.Money;
using Retour.Domain.Orders;
using Retour.Domain.Returns;

namespace Retour.Domain.Tests.Builders;

/// <summary>
/// Drives a return through its lifecycle to the state a test starts from. The order has one line of two units at
/// 50.00 + 10.00 tax, delivered ten days before <see cref="Now"/>, paid by card; the whole line is returned.
/// </summary>
public sealed class AReturn
{
    private AReturn(Order order, ReturnCase returnCase)
    {
        Order = order;
        Case = returnCase;
    }

    /// <summary>The instant the return is requested.</summary>
    public static DateTimeOffset Now { get; } = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The shipping deadline given at approval.</summary>
    public static DateTimeOffset ShipBy { get; } = Now.AddDays(14);

    /// <summary>The staff member who handles the case.</summary>
    public static Actor Agent { get; } = new(ActorKind.Staff, "agent@shop.test");

    /// <summary>The shopper.</summary>
    public static Actor Shopper { get; } = new(ActorKind.Customer, "ada@example.com");

    /// <summary>The order returned from.</summary>
    public Order Order { get; }

    /// <summary>The case.</summary>
    public ReturnCase Case { get; }

    /// <summary>A return in the given state, reached through the usual path.</summary>
    public static AReturn In(ReturnStatus status) => status switch
    {
        ReturnStatus.Requested => Requested(),
        ReturnStatus.InReview => RequestedFrom(AnOrder.NotDelivered(Now.AddDays(-5)).WithLine("TEE-M", 2, 50m, 10m).Build()),
        ReturnStatus.Rejected => Requested().Then(c => c.Reject(Agent, "Worn items cannot be returned.", Now.AddHours(1))),
        ReturnStatus.Approved => Requested().Approved(),
        ReturnStatus.Cancelled => Requested().Approved().Then(c => c.Cancel(Shopper, "Kept it after all.", Now.AddHours(2))),
        ReturnStatus.Expired => Requested().Approved().Then(c => c.Expire(ShipBy.AddMinutes(1))),
        ReturnStatus.AwaitingShipment => Requested().Approved().Labelled(),
        ReturnStatus.InTransit => Requested().Approved().Labelled().Scanned(),
        ReturnStatus.Received => Requested().Approved().Labelled().Scanned().ReceivedInFull(),
        ReturnStatus.Inspected => Requested().Approved().Labelled().Scanned().ReceivedInFull().InspectedInFull(),
        ReturnStatus.Resolved => Requested().Approved().Labelled().Scanned().ReceivedInFull().InspectedInFull().Refunded(),
        ReturnStatus.Closed => Requested().Approved().Labelled().Scanned().ReceivedInFull().InspectedInFull().Refunded().Then(c => c.Close(Actor.System, Now.AddDays(30))),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "No path to this state."),
    };

    /// <summary>Approved by the agent, to ship by <see cref="ShipBy"/>.</summary>
    public AReturn Approved() => Then(c => c.Approve(Agent, null, ShipBy, Now.AddHours(1)));

    /// <summary>A label issued.</summary>
    public AReturn Labelled() => Then(c => c.IssueLabel(Agent, "colissimo", "6A123", Now.AddHours(2)));

    /// <summary>The carrier's first scan.</summary>
    public AReturn Scanned() => Then(c => c.RecordCarrierEvent(Actor.System, CarrierEventKind.FirstScan, Now.AddDays(1), null, Now.AddDays(1)));

    /// <summary>Every approved unit received.</summary>
    public AReturn ReceivedInFull() =>
        Then(c => c.Receive(Agent, [.. c.Lines.Where(l => l.ApprovedQuantity > 0).Select(l => (l.Id, l.ApprovedQuantity))], Now.AddDays(3)));

    /// <summary>Every received unit graded as new and restocked.</summary>
    public AReturn InspectedInFull() =>
        Then(c => c.Inspect(Agent, [.. c.Lines.SelectMany(l => Enumerable.Repeat((l.Id, AUnit()), l.ReceivedQuantity))], Now.AddDays(4)));

    /// <summary>The refund recorded with no deductions and every refund confirmed by the provider.</summary>
    public AReturn Refunded()
    {
        Then(c => c.RecordRefund(Order, new Dictionary<Guid, int>(), RefundDeductions.None, Agent, Now.AddDays(4)));
        foreach (var refund in Case.Refunds)
        {
            Then(c => c.CompleteRefund(refund.Id, $"re_{refund.Id:N}", Actor.System, Now.AddDays(5)));
        }

        return this;
    }

    /// <summary>Applies a step that must succeed.</summary>
    public AReturn Then(Func<ReturnCase, Result> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var result = step(Case);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => $"{e.Code}: {e.Message}")));
        }

        return this;
    }

    /// <summary>A unit graded as new and restocked.</summary>
    public static InspectedUnit AUnit() => new(ConditionGrade.New, UnitFault.None, Disposition.Restock, null, Now.AddDays(4));

    /// <summary>Requests the whole of every line of <paramref name="order"/> for a change of mind.</summary>
    public static AReturn RequestedFrom(Order order, string reason = APolicy.ChangedMind) => RequestedFrom(order, reason, []);

    /// <summary>Requests the whole of every line of <paramref name="order"/>, each settled as given (refund for lines not given).</summary>
    public static AReturn RequestedFrom(Order order, string reason, params (Resolution Resolution, RequestedExchange? Exchange)[] settle)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(settle);
        var lines = order.Lines.Select((l, i) => i < settle.Length
            ? new RequestedLine(l.Id, l.Quantity, reason, null, settle[i].Resolution, Exchange: settle[i].Exchange)
            : new RequestedLine(l.Id, l.Quantity, reason, null, Resolution.Refund)).ToList();
        var (returnCase, result) = ReturnCase.Request(order, lines, new Dictionary<Guid, int>(), APolicy.WithWindow(), ReturnChannel.Portal, Shopper, "R-7K3M9Q", null, Now);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => $"{e.Code}: {e.Message}")));
        }

        return new AReturn(order, returnCase!);
    }

    private static AReturn Requested() =>
        RequestedFrom(AnOrder.DeliveredDaysAgo(10, Now).WithLine("TEE-M", 2, 50m, 10m).Build());
}
