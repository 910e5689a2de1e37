namespace Retour.Domain.Money;

/// <summary>
/// Spendable money kept in the credit ledger — a customer's store-credit account or a gift card. Every change is a
/// balanced <see cref="LedgerTransaction"/> (postings summing to zero, the customer's side against one of the
/// merchant's books), and the purse keeps the running sums of its two customer accounts: <see cref="Available"/> and
/// <see cref="Held"/>. No change may leave either below zero. <see cref="Version"/> changes with every transaction so
/// two writers of the same purse cannot both succeed.
/// </summary>
public abstract class Purse
{
    /// <summary>The longest reference kept.</summary>
    public const int MaxReference = 200;

    /// <summary>Creates an empty purse (for the ORM and subclasses).</summary>
    protected Purse()
    {
        Currency = string.Empty;
    }

    /// <summary>Time-ordered key.</summary>
    public Guid Id { get; protected set; }

    /// <summary>ISO 4217 code; a purse holds one currency.</summary>
    public string Currency { get; protected set; }

    /// <summary>What the customer may spend now.</summary>
    public decimal Available { get; private set; }

    /// <summary>What open holds set aside.</summary>
    public decimal Held { get; private set; }

    /// <summary>Everything the customer has: available and held.</summary>
    public decimal Balance => Available + Held;

    /// <summary>Concurrency token, changed by every transaction.</summary>
    public int Version { get; private set; }

    /// <summary>When a transaction last changed it.</summary>
    public DateTimeOffset UpdatedAt { get; protected set; }

    /// <summary>The earliest instant some of its credit lapses, for the sweep to find it; null when none does.</summary>
    public DateTimeOffset? NextLapseAt { get; private set; }

    /// <summary>A store-credit account or a gift card.</summary>
    public abstract PurseKind Kind { get; }

    /// <summary>
    /// Adds credit: <see cref="LedgerKind.Issued"/> against the returns liability or <see cref="LedgerKind.Bonus"/>
    /// against the bonus expense, lapsing at <paramref name="expiresAt"/> when the merchant's policy says so.
    /// </summary>
    public (LedgerTransaction? Transaction, Result Result) Credit(LedgerKind kind, decimal amount, string reference, DateTimeOffset at, DateTimeOffset? expiresAt = null)
    {
        if (kind is not (LedgerKind.Issued or LedgerKind.Bonus))
        {
            return (null, Result.Fail("credit.kind.notCredit", $"{kind} is not a way to add credit; issue or bonus is.", "kind"));
        }

        var checks = Check(amount, reference);
        if (expiresAt is { } expiry && expiry <= at)
        {
            checks.Add(new("credit.expiresAt.past", "Credit cannot expire when it is issued.", "expiresAt"));
        }

        if (checks.Count > 0)
        {
            return (null, Result.Fail(checks));
        }

        var book = kind == LedgerKind.Issued ? LedgerAccount.ReturnsLiability : LedgerAccount.CreditBonus;
        if (expiresAt is { } lapse && (NextLapseAt is null || lapse < NextLapseAt))
        {
            NextLapseAt = lapse;
        }

        return (Post(kind, reference, at, (LedgerAccount.Available, amount, expiresAt), (book, -amount, null)), Result.Ok());
    }

    /// <summary>A manager's correction, either way, with a reason; a deduction may not exceed what is available.</summary>
    public (LedgerTransaction? Transaction, Result Result) Adjust(decimal amount, string reference, string reason, DateTimeOffset at)
    {
        var checks = Check(amount == 0m ? 0m : Math.Abs(amount), reference);
        if (string.IsNullOrWhiteSpace(reason))
        {
            checks.Add(new("credit.reason.required", "Say why the balance is adjusted.", "reason"));
        }
        else if (reason.Length > 500)
        {
            checks.Add(new("credit.reason.tooLong", "A reason has at most 500 characters.", "reason"));
        }

        if (checks.Count == 0 && amount < 0m && -amount > Available)
        {
            checks.Add(Insufficient(-amount));
        }

        if (checks.Count > 0)
        {
            return (null, Result.Fail(checks));
        }

        return (Post(LedgerKind.Adjusted, reference, at, reason.Trim(), null, (LedgerAccount.Available, amount, null), (LedgerAccount.Adjustments, -amount, null)), Result.Ok());
    }

    /// <summary>Sets <paramref name="amount"/> aside for the shop's order <paramref name="orderReference"/> until <paramref name="expiresAt"/>; refused beyond what is available.</summary>
    public (CreditHold? Hold, LedgerTransaction? Transaction, Result Result) Hold(decimal amount, string orderReference, DateTimeOffset at, DateTimeOffset expiresAt)
    {
        var checks = Check(amount, orderReference, "orderReference");
        if (expiresAt <= at)
        {
            checks.Add(new("credit.hold.expiresAt.past", "A hold must last some time.", "expiresAt"));
        }

        if (checks.Count == 0 && amount > Available)
        {
            checks.Add(Insufficient(amount));
        }

        if (checks.Count > 0)
        {
            return (null, null, Result.Fail(checks));
        }

        var hold = CreditHold.Open(this, orderReference.Trim(), amount, at, expiresAt);
        var transaction = Post(LedgerKind.Held, hold.OrderReference, at, null, hold.Id, (LedgerAccount.Available, -amount, null), (LedgerAccount.Held, amount, null));
        return (hold, transaction, Result.Ok());
    }

    /// <summary>
    /// Spends <paramref name="amount"/> (at most what is held) of an open hold; the rest goes back to the available
    /// balance at once. A hold past its expiry cannot be captured.
    /// </summary>
    public (IReadOnlyList<LedgerTransaction> Transactions, Result Result) Capture(CreditHold hold, decimal amount, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(hold);
        if (OpenHoldError(hold, at) is { } closed)
        {
            return ([], Result.Fail([closed]));
        }

        var checks = Check(amount, hold.Id.ToString());
        if (checks.Count == 0 && amount > hold.Amount)
        {
            checks.Add(new("credit.capture.exceedsHold", $"At most {hold.Amount} {Currency} is held; capture no more than that.", "amount"));
        }

        if (checks.Count > 0)
        {
            return ([], Result.Fail(checks));
        }

        var reference = hold.Id.ToString();
        var captured = Post(LedgerKind.Captured, reference, at, null, hold.Id, (LedgerAccount.Held, -amount, null), (LedgerAccount.Redeemed, amount, null));
        hold.Close(HoldStatus.Captured, amount, at);
        if (amount == hold.Amount)
        {
            return ([captured], Result.Ok());
        }

        var rest = hold.Amount - amount;
        var released = Post(LedgerKind.Released, reference, at, null, hold.Id, (LedgerAccount.Held, -rest, null), (LedgerAccount.Available, rest, null));
        return ([captured, released], Result.Ok());
    }

    /// <summary>Gives an open hold back to the available balance; a hold past its expiry is recorded as lapsed.</summary>
    public (LedgerTransaction? Transaction, Result Result) Release(CreditHold hold, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(hold);
        if (hold.PurseId != Id || hold.Status != HoldStatus.Open)
        {
            return (null, Result.Fail([OpenHoldError(hold, at)!]));
        }

        var status = at >= hold.ExpiresAt ? HoldStatus.Lapsed : HoldStatus.Released;
        var transaction = Post(LedgerKind.Released, hold.Id.ToString(), at, null, hold.Id, (LedgerAccount.Held, -hold.Amount, null), (LedgerAccount.Available, hold.Amount, null));
        hold.Close(status, 0m, at);
        return (transaction, Result.Ok());
    }

    /// <summary>Undoes <paramref name="amount"/> of issued credit (the settlement that issued it was reversed); refused beyond what is available.</summary>
    public (LedgerTransaction? Transaction, Result Result) Reverse(decimal amount, string reference, DateTimeOffset at)
    {
        var checks = Check(amount, reference);
        if (checks.Count == 0 && amount > Available)
        {
            checks.Add(Insufficient(amount));
        }

        return checks.Count > 0
            ? (null, Result.Fail(checks))
            : (Post(LedgerKind.Reversed, reference, at, (LedgerAccount.Available, -amount, null), (LedgerAccount.ReturnsLiability, amount, null)), Result.Ok());
    }

    /// <summary>
    /// Posts the unspent remainder of credit that lapsed by <paramref name="at"/> to breakage, given the purse's whole
    /// <paramref name="history"/>. Nothing to expire is a success with no transaction. The reference is the latest
    /// lapse instant covered, so a sweep repeated over the same state posts once. <see cref="NextLapseAt"/> moves to the
    /// next lapse still to come.
    /// </summary>
    public (LedgerTransaction? Transaction, Result Result) Expire(IEnumerable<LedgerEntry> history, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(history);
        var entries = history as IReadOnlyCollection<LedgerEntry> ?? history.ToList();
        NextLapseAt = entries.Where(e => e.Account == LedgerAccount.Available && e.ExpiresAt > at).Min(e => e.ExpiresAt);
        var (amount, upTo) = Lapsed(entries, at);
        amount = Math.Min(amount, Available);
        if (amount <= 0m || upTo is null)
        {
            return (null, Result.Ok());
        }

        var reference = "expiry:" + upTo.Value.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        return (Post(LedgerKind.Expired, reference, at, (LedgerAccount.Available, -amount, null), (LedgerAccount.Breakage, amount, null)), Result.Ok());
    }

    /// <summary>
    /// The unspent remainder of credit lapsed by <paramref name="at"/>, and the latest lapse instant it covers. Spending
    /// (and expiry, reversal, deductions, open holds) is taken from the credit that lapses first, then the oldest, so
    /// credit without expiry is used last.
    /// </summary>
    public static (decimal Amount, DateTimeOffset? UpTo) Lapsed(IEnumerable<LedgerEntry> history, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(history);
        var available = history.Where(e => e.Account == LedgerAccount.Available).ToList();
        var lots = available.Where(e => e.Amount > 0m && e.Kind is LedgerKind.Issued or LedgerKind.Bonus or LedgerKind.Adjusted)
            .OrderBy(e => e.ExpiresAt ?? DateTimeOffset.MaxValue).ThenBy(e => e.At).ThenBy(e => e.Id).ToList();
        var consumed = lots.Sum(l => l.Amount) - available.Sum(e => e.Amount);
        var lapsed = 0m;
        DateTimeOffset? upTo = null;
        foreach (var lot in lots)
        {
            var used = Math.Min(consumed, lot.Amount);
            consumed -= used;
            var rest = lot.Amount - used;
            if (rest > 0m && lot.ExpiresAt is { } expiry && expiry <= at)
            {
                lapsed += rest;
                upTo = upTo is null || expiry > upTo ? expiry : upTo;
            }
        }

        return (lapsed, upTo);
    }

    /// <summary>The shared checks of an amount and a reference.</summary>
    protected List<DomainError> Check(decimal amount, string? reference, string referenceField = "reference")
    {
        var errors = new List<DomainError>();
        if (amount <= 0m)
        {
            errors.Add(new("credit.amount.notPositive", "The amount must be more than zero.", "amount"));
        }
        else if (!Money.Currency.IsInMinorUnits(amount, Currency))
        {
            errors.Add(new("credit.amount.belowMinorUnit", $"{Currency} has {Money.Currency.MinorUnits(Currency)} decimals; {amount} has more.", "amount"));
        }

        if (string.IsNullOrWhiteSpace(reference))
        {
            errors.Add(new("credit.reference.required", "Say what the money is for (a return number, an order).", referenceField));
        }
        else if (reference.Trim().Length > MaxReference)
        {
            errors.Add(new("credit.reference.tooLong", $"A reference has at most {MaxReference} characters.", referenceField));
        }

        return errors;
    }

    private DomainError Insufficient(decimal amount) =>
        new("credit.insufficient", $"Only {Available} {Currency} is available; {amount} {Currency} is more.", "amount");

    private DomainError? OpenHoldError(CreditHold hold, DateTimeOffset at) =>
        hold.PurseId != Id ? new("credit.hold.otherPurse", "The hold belongs to another account or card.", "hold")
        : hold.Status != HoldStatus.Open ? new("credit.hold.closed", $"The hold is already {hold.Status.ToString().ToLowerInvariant()}.", "hold")
        : hold.HasLapsed(at) ? new("credit.hold.lapsed", "The hold lapsed; place a new one.", "hold")
        : null;

    private LedgerTransaction Post(LedgerKind kind, string reference, DateTimeOffset at, params (LedgerAccount Account, decimal Amount, DateTimeOffset? ExpiresAt)[] postings) =>
        Post(kind, reference, at, null, null, postings);

    private LedgerTransaction Post(LedgerKind kind, string reference, DateTimeOffset at, string? note, Guid? holdId, params (LedgerAccount Account, decimal Amount, DateTimeOffset? ExpiresAt)[] postings)
    {
        var transactionId = Guid.CreateVersion7(at);
        var entries = new LedgerEntry[postings.Length];
        for (var i = 0; i < postings.Length; i++)
        {
            var (account, amount, expiresAt) = postings[i];
            entries[i] = LedgerEntry.Of(transactionId, this, account, kind, reference.Trim(), amount, at, expiresAt, holdId, note);
            if (account == LedgerAccount.Available)
            {
                Available += amount;
            }
            else if (account == LedgerAccount.Held)
            {
                Held += amount;
            }
        }

        Version++;
        UpdatedAt = at;
        return new(transactionId, kind, reference.Trim(), entries);
    }
}
