using Retour.Domain.Money;

namespace Retour.Domain.Returns;

/// <summary>What a return's lines were settled with, other than money back to a payment (that is a <see cref="Refund"/>).</summary>
public enum SettlementKind
{
    /// <summary>Store credit on the customer's account (with the policy's bonus).</summary>
    StoreCredit,

    /// <summary>A gift card, its code sent to the customer.</summary>
    GiftCard,

    /// <summary>Another item (another size, colour or product); the shop ships it as a replacement order.</summary>
    Exchange,

    /// <summary>The same item again, for a damaged, defective, wrong or missing one.</summary>
    Replacement,

    /// <summary>The customer's own item repaired and sent back.</summary>
    Repair,
}

/// <summary>Where a settlement entry stands.</summary>
public enum SettlementStatus
{
    /// <summary>Credit or gift card issued in the settlement's transaction: done.</summary>
    Issued,

    /// <summary>The shop or the workshop has to send something (replacement order, repaired item).</summary>
    AwaitingFulfilment,

    /// <summary>Sent: the replacement order or the repair's shipment is known.</summary>
    Fulfilled,

    /// <summary>
    /// Waits for the customer's card: a dearer exchange's difference being charged, or an instant exchange's hold
    /// being placed. The shop is told to send it once the money is there.
    /// </summary>
    AwaitingPayment,

    /// <summary>An instant exchange the card refused to hold: nothing ships early; the line settles when it arrives.</summary>
    Withdrawn,

    /// <summary>The item reached the customer (the carrier or the shop confirmed it).</summary>
    Delivered,

    /// <summary>Store credit taken back from the customer's account (issued in error, or the return was found not to qualify).</summary>
    Reversed,
}

/// <summary>
/// One part of a return's settlement that is not a refund to a payment: store credit, a gift card, or an item to
/// send (exchange, replacement, repair). Recorded with the settlement, in its transaction; credit and gift cards
/// are issued in that same transaction, items are fulfilled later by the shop, which reports its order reference.
/// </summary>
public sealed class SettlementEntry
{
    private SettlementEntry()
    {
        CurrencyCode = string.Empty;
    }

    internal SettlementEntry(Guid id, SettlementKind kind, decimal amount, decimal bonus, string currency, DateTimeOffset at, Guid? lineId = null, string? sku = null, int quantity = 0, decimal amountDue = 0m)
    {
        Id = id;
        Kind = kind;
        Amount = amount;
        Bonus = bonus;
        CurrencyCode = currency;
        RecordedAt = at;
        ReturnLineId = lineId;
        Sku = sku;
        Quantity = quantity;
        AmountDue = amountDue;
        Status = kind is SettlementKind.StoreCredit or SettlementKind.GiftCard ? SettlementStatus.Issued : SettlementStatus.AwaitingFulfilment;
    }

    /// <summary>Internal key.</summary>
    public Guid Id { get; private set; }

    /// <summary>What it is.</summary>
    public SettlementKind Kind { get; private set; }

    /// <summary>The value of the returned items it settles, after deductions.</summary>
    public decimal Amount { get; private set; }

    /// <summary>Extra credit granted for choosing store credit (the policy's bonus percent of <see cref="Amount"/>).</summary>
    public decimal Bonus { get; private set; }

    /// <summary>ISO 4217 currency.</summary>
    public string CurrencyCode { get; private set; }

    /// <summary>The return line an item settles (exchange, replacement, repair).</summary>
    public Guid? ReturnLineId { get; private set; }

    /// <summary>The SKU to send (exchange, replacement, repair).</summary>
    public string? Sku { get; private set; }

    /// <summary>Units to send.</summary>
    public int Quantity { get; private set; }

    /// <summary>What the customer still owes for a dearer replacement; the shop collects it with the replacement order.</summary>
    public decimal AmountDue { get; private set; }

    /// <summary>What Retour charged (or is charging) the customer's card for it: a dearer exchange's difference.</summary>
    public decimal AmountCharged { get; private set; }

    /// <summary>An instant exchange: sent before the return arrived, against a hold on the customer's card.</summary>
    public bool Instant { get; private set; }

    /// <summary>Where it stands.</summary>
    public SettlementStatus Status { get; private set; }

    /// <summary>The shop's replacement order, or the repair's shipment, once known.</summary>
    public string? FulfilmentReference { get; private set; }

    /// <summary>When it was decided.</summary>
    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>When it was fulfilled.</summary>
    public DateTimeOffset? FulfilledAt { get; private set; }

    /// <summary>The carrier that takes the item to the customer (the repaired item, the new one), once known.</summary>
    public string? Carrier { get; private set; }

    /// <summary>The shipment's tracking number, once known.</summary>
    public string? TrackingNumber { get; private set; }

    /// <summary>When the item reached the customer.</summary>
    public DateTimeOffset? DeliveredAt { get; private set; }

    internal static SettlementEntry InstantExchange(Guid id, decimal value, string currency, DateTimeOffset at, Guid lineId, string sku, int quantity) =>
        new(id, SettlementKind.Exchange, value, 0m, currency, at, lineId, sku, quantity) { Instant = true, Status = SettlementStatus.AwaitingPayment };

    internal void AwaitCharge(decimal amount)
    {
        AmountCharged = amount;
        AmountDue = 0m;
        Status = Status == SettlementStatus.Fulfilled ? Status : SettlementStatus.AwaitingPayment;
    }

    // The card paid (or refused; then the shop collects what is due): the item is ready to send, unless it already went.
    internal void Paid(decimal due)
    {
        AmountDue = due;
        AmountCharged -= due;
        Status = Status == SettlementStatus.AwaitingPayment ? SettlementStatus.AwaitingFulfilment : Status;
    }

    internal void Withdraw() => Status = SettlementStatus.Withdrawn;

    internal void Reverse() => Status = SettlementStatus.Reversed;

    internal void Fulfil(string reference, string? carrier, string? trackingNumber, DateTimeOffset at)
    {
        Status = SettlementStatus.Fulfilled;
        FulfilmentReference = reference;
        Carrier = carrier;
        TrackingNumber = trackingNumber;
        FulfilledAt = at;
    }

    internal void Deliver(DateTimeOffset at)
    {
        Status = SettlementStatus.Delivered;
        DeliveredAt = at;
    }
}

/// <summary>
/// How a return is settled: the deductions, whether staff settle every line one way (else each line as the customer
/// asked), the policy's store-credit bonus, and the lines whose replacement could not be reserved.
/// </summary>
/// <param name="Deductions">Restocking and return-shipping deductions (customer-fault lines only).</param>
/// <param name="ResolutionForAll">Settle every line this way; null settles each line as the customer asked.</param>
/// <param name="StoreCreditBonusPercent">Extra credit, in percent, for lines settled in store credit.</param>
/// <param name="Unavailable">Lines whose exchange or replacement is out of stock: an exchange becomes store credit (as
/// the customer is told in the portal), a replacement a refund (the consumer's remedy when replacing is impossible,
/// Directive (EU) 2019/771 art. 13(4)).</param>
/// <param name="ChargeTenderId">The payment whose card a dearer exchange's difference is charged to (its provider can
/// charge); null leaves the difference for the shop to collect with the replacement order.</param>
public sealed record SettlementTerms(RefundDeductions Deductions, Resolution? ResolutionForAll = null, decimal StoreCreditBonusPercent = 0m, IReadOnlySet<Guid>? Unavailable = null, Guid? ChargeTenderId = null)
{
    /// <summary>Everything back to the original payments.</summary>
    public static SettlementTerms Refund(RefundDeductions deductions) => new(deductions, Resolution.Refund);
}

/// <summary>Store credit was issued to the customer (or a gift's recipient) for a return.</summary>
public sealed record StoreCreditGranted(Guid ReturnCaseId, string Number, DateTimeOffset At, Guid EntryId, string CustomerEmail, decimal Amount, decimal Bonus, string Currency) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>Store credit issued for a return was taken back from the customer's account, with the reason.</summary>
public sealed record StoreCreditReversed(Guid ReturnCaseId, string Number, DateTimeOffset At, Guid EntryId, string CustomerEmail, decimal Amount, string Currency, string Reason) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>A gift card was issued for a return; its code reaches the customer by email only.</summary>
public sealed record GiftCardGranted(Guid ReturnCaseId, string Number, DateTimeOffset At, Guid EntryId, string CustomerEmail, decimal Amount, string Currency) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>
/// An item is to be sent for a return (exchange, replacement or repair): the shop creates the replacement order from
/// the original order (<paramref name="OrderNumber"/>, for the address), collects <paramref name="AmountDue"/> if any,
/// and reports its order reference back.
/// </summary>
/// <remarks><paramref name="AmountCharged"/> is what Retour already took from the customer's card for it (a dearer exchange's
/// difference); <paramref name="Instant"/> says it ships before the return arrives (an instant exchange).</remarks>
public sealed record ExchangeCreated(Guid ReturnCaseId, string Number, DateTimeOffset At, Guid EntryId, string Kind, string OrderNumber, string CustomerEmail, string Sku, int Quantity, decimal AmountDue, string Currency, decimal AmountCharged = 0m, bool Instant = false) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>The shop reported the replacement order (or the repair's shipment) of a settlement entry, with its tracking when sent.</summary>
public sealed record ExchangeFulfilled(Guid ReturnCaseId, string Number, DateTimeOffset At, Guid EntryId, string Sku, int Quantity, string Reference, string? Kind = null, string? Carrier = null, string? TrackingNumber = null) : ReturnEvent(ReturnCaseId, Number, At);

/// <summary>The item of a settlement entry (new, replaced or repaired) reached the customer.</summary>
public sealed record ExchangeDelivered(Guid ReturnCaseId, string Number, DateTimeOffset At, Guid EntryId, string Kind, string Sku, int Quantity) : ReturnEvent(ReturnCaseId, Number, At);
