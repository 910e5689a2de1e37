namespace Retour.Domain.Money;

/// <summary>What kind of purse a ledger entry or a hold belongs to.</summary>
public enum PurseKind
{
    /// <summary>A customer's store-credit account.</summary>
    StoreCredit,

    /// <summary>A gift card.</summary>
    GiftCard,
}

/// <summary>Why money moved in the credit ledger.</summary>
public enum LedgerKind
{
    /// <summary>Credit issued (a return settled in credit, a gift card sold or given).</summary>
    Issued,

    /// <summary>The policy's bonus on top of credit chosen instead of a refund.</summary>
    Bonus,

    /// <summary>Set aside for a checkout (a hold).</summary>
    Held,

    /// <summary>Spent at the shop: a hold captured.</summary>
    Captured,

    /// <summary>A hold given back (abandoned checkout, the uncaptured rest, a hold that lapsed).</summary>
    Released,

    /// <summary>Lapsed unspent (breakage), under the disclosed expiry policy.</summary>
    Expired,

    /// <summary>An issue undone (the settlement that issued it was reversed).</summary>
    Reversed,

    /// <summary>A manager's adjustment, with a reason.</summary>
    Adjusted,
}

/// <summary>
/// The accounts of the double-entry ledger: the customer's side (what they may spend, what is set aside for a checkout)
/// and the merchant's books each posting is balanced against. Customer accounts are positive when the customer holds
/// money; every transaction's postings sum to zero, so the merchant's books are the mirror image.
/// </summary>
public enum LedgerAccount
{
    /// <summary>The customer's spendable balance.</summary>
    Available,

    /// <summary>The customer's money set aside by open holds.</summary>
    Held,

    /// <summary>The merchant's liability for credit issued (returns settled in credit, gift cards issued); reversals go back to it.</summary>
    ReturnsLiability,

    /// <summary>The merchant's expense for the bonus it adds to credit.</summary>
    CreditBonus,

    /// <summary>Credit spent at the shop (the shop's order was paid with it).</summary>
    Redeemed,

    /// <summary>Credit that lapsed unspent.</summary>
    Breakage,

    /// <summary>Managers' adjustments.</summary>
    Adjustments,
}

/// <summary>
/// One posting of the credit ledger. A transaction is two or more postings with the same <see cref="TransactionId"/>,
/// kind and reference, summing to zero. Entries are never changed.
/// </summary>
public sealed class LedgerEntry
{
    private LedgerEntry()
    {
        Currency = Reference = string.Empty;
    }

    /// <summary>Time-ordered key.</summary>
    public Guid Id { get; private set; }

    /// <summary>The transaction the posting belongs to.</summary>
    public Guid TransactionId { get; private set; }

    /// <summary>A store-credit account or a gift card.</summary>
    public PurseKind Purse { get; private set; }

    /// <summary>The account's or card's id.</summary>
    public Guid PurseId { get; private set; }

    /// <summary>ISO 4217 code.</summary>
    public string Currency { get; private set; }

    /// <summary>The ledger account posted to.</summary>
    public LedgerAccount Account { get; private set; }

    /// <summary>Why.</summary>
    public LedgerKind Kind { get; private set; }

    /// <summary>What it is for: a return number, a shop order, a hold's id, an idempotency key; one transaction per (purse, kind, reference).</summary>
    public string Reference { get; private set; }

    /// <summary>Signed amount: positive adds to the account.</summary>
    public decimal Amount { get; private set; }

    /// <summary>When credit added to <see cref="LedgerAccount.Available"/> by an issue, bonus or adjustment lapses (none by default).</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>The hold the posting moved money into or out of.</summary>
    public Guid? HoldId { get; private set; }

    /// <summary>A manager's reason, for adjustments.</summary>
    public string? Note { get; private set; }

    /// <summary>When.</summary>
    public DateTimeOffset At { get; private set; }

    internal static LedgerEntry Of(Guid transactionId, Purse purse, LedgerAccount account, LedgerKind kind, string reference, decimal amount, DateTimeOffset at, DateTimeOffset? expiresAt = null, Guid? holdId = null, string? note = null) => new()
    {
        Id = Guid.CreateVersion7(at),
        TransactionId = transactionId,
        Purse = purse.Kind,
        PurseId = purse.Id,
        Currency = purse.Currency,
        Account = account,
        Kind = kind,
        Reference = reference,
        Amount = amount,
        ExpiresAt = expiresAt,
        HoldId = holdId,
        Note = note,
        At = at,
    };
}

/// <summary>One balanced ledger transaction: its postings sum to zero.</summary>
/// <param name="TransactionId">The transaction's id.</param>
/// <param name="Kind">Why money moved.</param>
/// <param name="Reference">What it is for.</param>
/// <param name="Entries">The postings.</param>
public sealed record LedgerTransaction(Guid TransactionId, LedgerKind Kind, string Reference, IReadOnlyList<LedgerEntry> Entries)
{
    /// <summary>What the transaction added to the customer's spendable balance (negative when it took from it).</summary>
    public decimal AvailableChange => Entries.Where(e => e.Account == LedgerAccount.Available).Sum(e => e.Amount);
}

/// <summary>How a hold ended, or that it is still open.</summary>
public enum HoldStatus
{
    /// <summary>The money is set aside.</summary>
    Open,

    /// <summary>Spent (all or part; the rest was released).</summary>
    Captured,

    /// <summary>Given back by the shop.</summary>
    Released,

    /// <summary>Given back because the shop neither captured nor released it in time.</summary>
    Lapsed,
}

/// <summary>Money of a store-credit account or a gift card set aside for a checkout, until captured, released or lapsed.</summary>
public sealed class CreditHold
{
    private CreditHold()
    {
        Currency = OrderReference = string.Empty;
    }

    /// <summary>Time-ordered key.</summary>
    public Guid Id { get; private set; }

    /// <summary>A store-credit account or a gift card.</summary>
    public PurseKind Purse { get; private set; }

    /// <summary>The account's or card's id.</summary>
    public Guid PurseId { get; private set; }

    /// <summary>ISO 4217 code.</summary>
    public string Currency { get; private set; }

    /// <summary>The shop's order or checkout it is for; one hold per purse and reference.</summary>
    public string OrderReference { get; private set; }

    /// <summary>The amount set aside.</summary>
    public decimal Amount { get; private set; }

    /// <summary>The amount spent when captured.</summary>
    public decimal Captured { get; private set; }

    /// <summary>Open, captured, released or lapsed.</summary>
    public HoldStatus Status { get; private set; }

    /// <summary>When it was placed.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>After this instant an open hold is released.</summary>
    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>When it was captured, released or lapsed.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>True when open at <paramref name="at"/> but past its expiry.</summary>
    public bool HasLapsed(DateTimeOffset at) => Status == HoldStatus.Open && at >= ExpiresAt;

    internal static CreditHold Open(Purse purse, string orderReference, decimal amount, DateTimeOffset at, DateTimeOffset expiresAt) => new()
    {
        Id = Guid.CreateVersion7(at),
        Purse = purse.Kind,
        PurseId = purse.Id,
        Currency = purse.Currency,
        OrderReference = orderReference,
        Amount = amount,
        Status = HoldStatus.Open,
        CreatedAt = at,
        ExpiresAt = expiresAt,
    };

    internal void Close(HoldStatus status, decimal captured, DateTimeOffset at)
    {
        Status = status;
        Captured = captured;
        ClosedAt = at;
    }
}
