using Retour.Domain.Money;
using Retour.Domain.Orders;
using Retour.Domain.Policies;
using Retour.Domain.Returns;

namespace Retour.Web.Features.Returns;

/// <summary>
/// The legal interest rates used for the French late-refund increase (section <c>LatePayment</c>). Each half-year's
/// rate is published by arrêté; add the new one here (<c>LatePayment__LegalInterestRates__3__From=2026-07-01</c>,
/// <c>…__Percent</c>, <c>…__Source</c>) without a new release. Empty: the rates Retour ships with
/// (<see cref="LatePaymentIncrease.PublishedRates"/>).
/// </summary>
public sealed class LatePaymentOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "LatePayment";

    /// <summary>Dated rates for consumers' claims, in percent.</summary>
    public IList<LegalInterestRateSetting> LegalInterestRates { get; } = [];

    /// <summary>The configured rates, or the published ones when none are configured.</summary>
    public IReadOnlyList<LegalInterestRate> Rates() => LegalInterestRates.Count == 0
        ? LatePaymentIncrease.PublishedRates
        : LegalInterestRates.Select(r => new LegalInterestRate(r.From, r.Percent, r.Source ?? "configuration")).ToList();
}

/// <summary>One configured legal interest rate.</summary>
public sealed class LegalInterestRateSetting
{
    /// <summary>First day it applies.</summary>
    public DateOnly From { get; set; }

    /// <summary>The rate in percent.</summary>
    public decimal Percent { get; set; }

    /// <summary>The arrêté that published it.</summary>
    public string? Source { get; set; }
}

/// <summary>When the return's refund is due, under which rule, and whether it is overdue.</summary>
/// <param name="Due">The last day in time (the merchant's calendar); null while the deadline does not run yet.</param>
/// <param name="Basis">The article or rule.</param>
/// <param name="WaitingFor">What starts the deadline, when it does not run yet.</param>
/// <param name="DaysLate">Days after the due date, on the day the refund succeeded or today.</param>
/// <param name="Overdue">True when the refund is not settled and the due date has passed.</param>
public sealed record RefundDeadlineResponse(DateOnly? Due, string Basis, string? WaitingFor, int DaysLate, bool Overdue);

/// <summary>
/// A French consumer's withdrawal refunded late, or still unpaid after its due date: the increase owed by
/// Code de la consommation L242-4.
/// </summary>
/// <param name="DueDate">The refund's due date (C. consom. L221-24).</param>
/// <param name="DaysLate">Days late, on the day the refund succeeded or today while it is unpaid.</param>
/// <param name="AmountDue">The refund the increase applies to.</param>
/// <param name="IncreasePercent">The band's percent (the legal interest rate in the first band).</param>
/// <param name="IncreaseOwed">The increase owed, never above the product price.</param>
/// <param name="Currency">ISO 4217 currency.</param>
/// <param name="Capped">True when the product price capped the increase.</param>
/// <param name="Band">The band of L242-4, in words.</param>
/// <param name="LegalBasis">The article.</param>
/// <param name="LegalInterestRate">The legal interest rate used in the first band, with its source.</param>
/// <param name="Refunded">True once the refund succeeded (the days late are final).</param>
public sealed record LateRefundResponse(
    DateOnly DueDate,
    int DaysLate,
    decimal AmountDue,
    decimal IncreasePercent,
    decimal IncreaseOwed,
    string Currency,
    bool Capped,
    string Band,
    string LegalBasis,
    string? LegalInterestRate,
    bool Refunded);

/// <summary>The refund deadline of a return and, for a French consumer's late withdrawal refund, the increase owed.</summary>
public static class LateRefunds
{
    private static readonly HashSet<ReturnStatus> Ended = [ReturnStatus.Rejected, ReturnStatus.Cancelled, ReturnStatus.Expired];

    /// <summary>
    /// The deadline and late increase of <paramref name="r"/> at <paramref name="now"/>; both null for a return that
    /// ended without a refund. The back office's Overdue queue (RequestedAt + 14 days, decision 0014) flags every
    /// return this finds overdue, and may flag one a few days before the law would.
    /// </summary>
    public static (RefundDeadlineResponse? Deadline, LateRefundResponse? Late) Of(ReturnCase r, Order order, TimeZoneInfo zone, IReadOnlyList<LegalInterestRate> rates, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(order);
        if (Ended.Contains(r.Status))
        {
            return (null, null);
        }

        var jurisdiction = LegalBaselines.JurisdictionOf(order.ShipTo.Country, order.ShipTo.Region);
        var consumer = order.Customer.Kind == CustomerKind.Consumer;
        var faulty = r.Lines.Count > 0 && r.Lines.All(l => l.Fault != ReasonFault.Customer);
        var facts = new RefundDeadlineFacts(
            jurisdiction,
            consumer,
            faulty,
            r.RequestedAt,
            First(r, nameof(ParcelInTransit), nameof(ParcelDelivered)),
            First(r, nameof(ItemsReceived)),
            First(r, nameof(UnitsInspected)),
            ReturnsOptions.RefundWithinDays);
        var due = RefundDeadlines.DueDate(facts, zone);

        var items = r.Refunds.Where(f => f.Purpose == RefundPurpose.Items && f.Status != RefundStatus.Failed).ToList();
        var settled = items.Count > 0 && items.TrueForAll(f => f.Status == RefundStatus.Succeeded);
        var paidOn = settled ? items.Max(f => f.CompletedAt ?? now) : now;
        var daysLate = due.DaysLate(RefundDeadlines.Day(paidOn, zone));
        var deadline = new RefundDeadlineResponse(due.Due, due.Basis, due.WaitingFor, Math.Max(0, daysLate), !settled && daysLate > 0);
        if (jurisdiction != "FR" || !consumer || faulty || daysLate <= 0 || due.Due is not { } dueDate)
        {
            return (deadline, null);
        }

        var price = ItemsPaid(r, order);
        var amountDue = items.Count > 0 ? items.Sum(f => f.Amount) : price;
        var rate = LatePaymentIncrease.RateOn(rates, dueDate.AddDays(1));
        var increase = LatePaymentIncrease.Compute(amountDue, price, daysLate, rate?.Percent ?? 0m, r.CurrencyCode)!;
        return (deadline, new LateRefundResponse(
            dueDate,
            daysLate,
            amountDue,
            increase.Percent,
            increase.Amount,
            r.CurrencyCode,
            increase.Capped,
            increase.Band,
            LatePaymentIncrease.Basis,
            rate is null ? null : $"{rate.Percent} % ({rate.Source})",
            settled));
    }

    private static DateTimeOffset? First(ReturnCase r, params string[] events)
    {
        foreach (var entry in r.Timeline)
        {
            if (Array.IndexOf(events, entry.Event) >= 0)
            {
                return entry.At;
            }
        }

        return null;
    }

    // What the customer paid for the units coming back: the product price that caps the increase.
    private static decimal ItemsPaid(ReturnCase r, Order order)
    {
        var totals = order.LineTotalsPaid();
        var paid = 0m;
        foreach (var line in r.Lines)
        {
            var index = order.Lines.ToList().FindIndex(l => l.Id == line.OrderLineId);
            if (index < 0 || order.Lines[index].Quantity == 0)
            {
                continue;
            }

            var units = line.ReceivedQuantity > 0 ? line.ReceivedQuantity : line.ApprovedQuantity > 0 ? line.ApprovedQuantity : line.Quantity;
            paid += totals[index] * units / order.Lines[index].Quantity;
        }

        return Currency.Round(paid, r.CurrencyCode);
    }
}
