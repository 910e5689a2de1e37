using System.Globalization;
using Retour.Domain.Orders;

namespace Retour.Domain.Returns;

/// <summary>
/// Money taken from the customer's card for a return (<see cref="CustomerCharge"/>): a dearer exchange's difference,
/// charged at settlement, and the hold of an instant exchange, which ships the new item before the return arrives.
/// Each step is recorded here first and raises <see cref="ChargeRequested"/>; the charge worker tells the provider and
/// reports back through the methods below, which are idempotent.
/// </summary>
public sealed partial class ReturnCase
{
    /// <summary>The timeline event of an instant exchange started.</summary>
    public const string InstantExchangeEvent = "InstantExchangeStarted";

    private readonly List<CustomerCharge> _charges = [];

    /// <summary>Money taken from, or held on, the customer's card for this return.</summary>
    public IReadOnlyList<CustomerCharge> Charges => _charges;

    /// <summary>
    /// Starts the instant exchanges the customer asked for on approved lines whose new item is held in stock
    /// (<paramref name="inStock"/>): the replacement's value is held on the card of <paramref name="tender"/>, the
    /// shop is told to ship once the hold is placed, and the return must be on its way within
    /// <paramref name="holdDays"/> (the shipping deadline shortens to that), or the hold is taken. Lines already
    /// started are skipped, so a repeated call does nothing.
    /// </summary>
    public Result StartInstantExchanges(Order order, Tender tender, int holdDays, IReadOnlySet<Guid> inStock, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(tender);
        ArgumentNullException.ThrowIfNull(inStock);
        if (Status is not (ReturnStatus.Approved or ReturnStatus.AwaitingShipment))
        {
            return Result.Fail("exchange.instant.tooLate", $"Return {Number} is {Status}; an instant exchange starts when the return is approved and before it is sent.", "status");
        }

        if (holdDays < 1 || !order.Tenders.Any(t => t.Id == tender.Id))
        {
            return Result.Fail("exchange.instant.terms", "An instant exchange needs a hold period of a day or more on a payment of the order.", "holdDays");
        }

        var totals = order.LineTotalsPaid();
        var deadline = at.AddDays(holdDays);
        var started = new List<string>();
        foreach (var line in _lines.Where(l => l.InstantExchange && l.ExchangeSku is not null && l.ApprovedQuantity > 0 && inStock.Contains(l.Id)))
        {
            if (_settlements.Exists(s => s.ReturnLineId == line.Id))
            {
                continue;
            }

            var index = IndexOf(order.Lines, line.OrderLineId);
            var orderLine = order.Lines[index];
            var paid = orderLine.Quantity == 0 ? 0m : Money.Currency.Round(totals[index] * line.ApprovedQuantity / orderLine.Quantity, CurrencyCode);
            var value = paid + ((line.ExchangePriceDifference ?? 0m) * line.ApprovedQuantity);
            if (value <= 0m)
            {
                continue;
            }

            var entry = SettlementEntry.InstantExchange(Guid.CreateVersion7(at), value, CurrencyCode, at, line.Id, line.ExchangeSku!, line.ApprovedQuantity);
            _settlements.Add(entry);
            var hold = new CustomerCharge(Guid.CreateVersion7(at), entry.Id, tender, value, CurrencyCode, ChargePurpose.InstantExchangeHold, at, ShipBy is { } shipBy && shipBy < deadline ? shipBy : deadline);
            _charges.Add(hold);
            RaiseCharge(hold, at);
            started.Add(string.Create(CultureInfo.InvariantCulture, $"{line.ApprovedQuantity} × {line.ExchangeSku} against a hold of {Amount(value)} {CurrencyCode}"));
        }

        if (started.Count == 0)
        {
            return Result.Ok();
        }

        if (ShipBy is null || ShipBy > deadline)
        {
            ShipBy = deadline;
        }

        Record(at, Actor.System, Status, Status, InstantExchangeEvent, string.Create(CultureInfo.InvariantCulture, $"Instant exchange: {string.Join("; ", started)} on {tender.Provider} payment {tender.TransactionId}. It ships once the hold is placed; the return must be on its way by {ShipBy:yyyy-MM-dd HH:mm} UTC or the hold is taken."));
        Touch(at);
        return Result.Ok();
    }

    /// <summary>
    /// The provider authorised a hold: the instant exchange is sent (the shop is told). Idempotent; a hold meanwhile
    /// asked to be taken or given back is left to the worker.
    /// </summary>
    public Result ChargeAuthorised(Guid chargeId, string reference, DateTimeOffset at)
    {
        if (FindCharge(chargeId) is not { } charge)
        {
            return UnknownCharge(chargeId);
        }

        if (charge.Status != ChargeStatus.Recorded)
        {
            // Already held, or meanwhile to be taken or given back: the worker goes on from there with the same keys.
            return Result.Ok();
        }

        charge.Held(reference);
        if (EntryOf(charge) is { Status: SettlementStatus.AwaitingPayment } entry)
        {
            entry.Paid(0m);
            Record(at, Actor.System, Status, Status, nameof(ExchangeCreated), string.Create(CultureInfo.InvariantCulture, $"Hold of {Amount(charge.Amount)} {CurrencyCode} placed ({reference}); {entry.Quantity} × {entry.Sku} to send now."));
            RaiseExchange(entry, at);
        }

        Touch(at);
        return Result.Ok();
    }

    /// <summary>The money was taken (a price difference charged, or a hold captured). Idempotent.</summary>
    public Result ChargeTaken(Guid chargeId, string reference, DateTimeOffset at)
    {
        if (FindCharge(chargeId) is not { } charge)
        {
            return UnknownCharge(chargeId);
        }

        if (charge.IsFinal)
        {
            return Result.Ok();
        }

        charge.Finish(ChargeStatus.Captured, reference, null, at);
        var entry = EntryOf(charge);
        var why = charge.Purpose == ChargePurpose.PriceDifference ? "price difference of the exchange" : "instant exchange's hold: the return was not sent";
        Record(at, Actor.System, Status, Status, nameof(ChargeCaptured), string.Create(CultureInfo.InvariantCulture, $"{Amount(charge.Amount)} {CurrencyCode} charged to {charge.Provider} payment {charge.TransactionId} (ref {reference}), {why}."));
        Raise(new ChargeCaptured(Id, Number, at, charge.Id, charge.Purpose.ToString(), charge.Amount, CurrencyCode));
        if (charge.Purpose == ChargePurpose.PriceDifference && entry is { Status: SettlementStatus.AwaitingPayment })
        {
            entry.Paid(0m);
            RaiseExchange(entry, at);
        }

        Touch(at);
        return Result.Ok();
    }

    /// <summary>The hold was given back. Idempotent.</summary>
    public Result ChargeReleased(Guid chargeId, string? note, DateTimeOffset at)
    {
        if (FindCharge(chargeId) is not { } charge)
        {
            return UnknownCharge(chargeId);
        }

        if (charge.IsFinal)
        {
            return Result.Ok();
        }

        charge.Finish(ChargeStatus.Released, null, null, at);
        if (EntryOf(charge) is { Status: SettlementStatus.AwaitingPayment } entry)
        {
            // The hold never came through before the parcel left: nothing shipped early; the line settles on arrival.
            entry.Withdraw();
        }

        Record(at, Actor.System, Status, Status, nameof(ChargeReleased), string.Create(CultureInfo.InvariantCulture, $"Hold of {Amount(charge.Amount)} {CurrencyCode} released: the return is on its way.{(note is null ? string.Empty : " " + note)}"));
        Raise(new ChargeReleased(Id, Number, at, charge.Id, charge.Amount, CurrencyCode));
        Touch(at);
        return Result.Ok();
    }

    /// <summary>
    /// The provider refused. A refused difference is left for the shop to collect with the replacement order; a
    /// refused hold withdraws the instant exchange (the line settles when the return arrives); a refused capture waits
    /// for a person. Idempotent.
    /// </summary>
    public Result ChargeRefused(Guid chargeId, string reason, DateTimeOffset at)
    {
        if (FindCharge(chargeId) is not { } charge)
        {
            return UnknownCharge(chargeId);
        }

        if (charge.IsFinal)
        {
            return Result.Ok();
        }

        if (charge.Status == ChargeStatus.Releasing)
        {
            // An authorisation that cannot be voided lapses by itself; nothing was taken.
            return ChargeReleased(chargeId, $"The provider could not void it ({reason}); it lapses by itself.", at);
        }

        var placing = charge.Status == ChargeStatus.Recorded;
        charge.Finish(ChargeStatus.Failed, null, reason, at);
        var entry = EntryOf(charge);
        string outcome;
        if (charge.Purpose == ChargePurpose.PriceDifference && entry is { Status: SettlementStatus.AwaitingPayment })
        {
            outcome = "the shop collects it with the replacement order";
            entry.Paid(charge.Amount);
            RaiseExchange(entry, at);
            charge.Handle(outcome, at);
        }
        else if (charge.Purpose == ChargePurpose.PriceDifference)
        {
            outcome = "the item was already sent; a person follows it up";
            entry?.Paid(charge.Amount);
        }
        else if (placing)
        {
            outcome = "nothing ships early; the exchange is sent when the return arrives";
            entry?.Withdraw();
            charge.Handle(outcome, at);
        }
        else
        {
            outcome = "the customer kept both items without paying; a person follows it up";
        }

        Record(at, Actor.System, Status, Status, nameof(ChargeFailed), string.Create(CultureInfo.InvariantCulture, $"{(charge.Purpose == ChargePurpose.PriceDifference ? "Charging the price difference" : placing ? "Placing the instant exchange's hold" : "Taking the instant exchange's hold")} of {Amount(charge.Amount)} {CurrencyCode} failed: {reason} — {outcome}."));
        Raise(new ChargeFailed(Id, Number, at, charge.Id, charge.Purpose.ToString(), charge.Amount, CurrencyCode, reason));
        Touch(at);
        return Result.Ok();
    }

    /// <summary>
    /// A person follows up a failed charge the customer still owes: asks the card again (<paramref name="retry"/>: a
    /// new charge with keys of its own; for a hold whose capture failed, a new charge of its amount), or records that
    /// it was settled another way (collected by phone or at the till, or written off), with a note either way.
    /// </summary>
    public Result FollowUpCharge(Guid chargeId, bool retry, string note, Actor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Because(note, "charge.followUp.note", "Say how the charge is followed up") is { } noNote)
        {
            return noNote;
        }

        if (FindCharge(chargeId) is not { } charge)
        {
            return UnknownCharge(chargeId);
        }

        if (!charge.NeedsFollowUp)
        {
            return Result.Fail("charge.followUp.notNeeded", $"Charge {chargeId} is {charge.Status}{(charge.HandledAt is null ? string.Empty : ", already followed up")}; there is nothing to follow up.", "chargeId");
        }

        charge.Handle(note.Trim(), at);
        var what = $"{Amount(charge.Amount)} {CurrencyCode}";
        if (retry)
        {
            var again = charge.Retry(Guid.CreateVersion7(at), at);
            _charges.Add(again);
            RaiseCharge(again, at);
        }

        Record(at, actor, Status, Status, retry ? "ChargeRetried" : "ChargeSettledElsewhere", retry ? $"Charging {what} to the card again. {note.Trim()}" : $"{what} settled outside Retour. {note.Trim()}");
        Touch(at);
        return Result.Ok();
    }

    // The customer's parcel is on its way (first scan) or arrived: the instant exchanges' holds are given back.
    private void ReleaseInstantHolds(DateTimeOffset at)
    {
        foreach (var charge in _charges.Where(c => c.Purpose == ChargePurpose.InstantExchangeHold && c.Status is ChargeStatus.Recorded or ChargeStatus.Held))
        {
            charge.Request(ChargeStatus.Releasing);
            RaiseCharge(charge, at);
        }
    }

    // The return will not come (cancelled, or not sent in time): a hold whose item ships or shipped is taken; one still
    // being placed is given back, and its exchange withdrawn.
    private void EndInstantHolds(DateTimeOffset at)
    {
        foreach (var charge in _charges.Where(c => c.Purpose == ChargePurpose.InstantExchangeHold && c.Status is ChargeStatus.Recorded or ChargeStatus.Held))
        {
            var shipping = EntryOf(charge) is { Status: SettlementStatus.AwaitingFulfilment or SettlementStatus.Fulfilled or SettlementStatus.Delivered };
            charge.Request(shipping ? ChargeStatus.Capturing : ChargeStatus.Releasing);
            RaiseCharge(charge, at);
        }
    }

    // A dearer exchange's difference, charged to the customer's card at settlement; the shop is told once it is paid.
    private void ChargeDifference(SettlementEntry entry, Tender tender, decimal amount, DateTimeOffset at)
    {
        entry.AwaitCharge(amount);
        var charge = new CustomerCharge(Guid.CreateVersion7(at), entry.Id, tender, amount, CurrencyCode, ChargePurpose.PriceDifference, at);
        _charges.Add(charge);
        RaiseCharge(charge, at);
    }

    private void RaiseCharge(CustomerCharge charge, DateTimeOffset at) =>
        Raise(new ChargeRequested(Id, Number, at, charge.Id, charge.Purpose.ToString(), charge.Status.ToString(), charge.Amount, CurrencyCode));

    private void RaiseExchange(SettlementEntry entry, DateTimeOffset at) =>
        Raise(new ExchangeCreated(Id, Number, at, entry.Id, entry.Kind.ToString(), OrderNumber, GiftRecipientEmail ?? CustomerEmail, entry.Sku!, entry.Quantity, entry.AmountDue, CurrencyCode, entry.AmountCharged, entry.Instant));

    private SettlementEntry? EntryOf(CustomerCharge charge) => _settlements.Find(s => s.Id == charge.SettlementEntryId);

    private CustomerCharge? FindCharge(Guid chargeId) => _charges.Find(c => c.Id == chargeId);

    private Result UnknownCharge(Guid chargeId) => Result.Fail("charge.unknown", $"Charge {chargeId} is not on return {Number}.", "chargeId");
}
