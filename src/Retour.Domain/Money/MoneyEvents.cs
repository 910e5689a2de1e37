namespace Retour.Domain.Money;

/// <summary>
/// Store credit was issued to a customer (outbox type <c>StoreCreditIssued</c>), the amount and the bonus as two
/// ledger transactions. Delivered at least once: (<paramref name="AccountId"/>, <paramref name="Reference"/>) is the
/// key to apply it once.
/// </summary>
/// <param name="AccountId">The store-credit account.</param>
/// <param name="Email">The customer's email, lower-case.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="Amount">Credit issued.</param>
/// <param name="Bonus">Bonus added on top (0 for none).</param>
/// <param name="Reference">What it was issued for, e.g. a return number.</param>
/// <param name="ExpiresAt">When the credit lapses, if the merchant's policy says so.</param>
/// <param name="At">When.</param>
public sealed record StoreCreditIssued(Guid AccountId, string Email, string Currency, decimal Amount, decimal Bonus, string Reference, DateTimeOffset? ExpiresAt, DateTimeOffset At);

/// <summary>
/// A gift card was issued (outbox type <c>GiftCardIssued</c>). Never carries the code, which is a bearer secret: only
/// its last four characters.
/// </summary>
/// <param name="CardId">The card.</param>
/// <param name="Last4">The code's last four characters (before the check character).</param>
/// <param name="Amount">Its value.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="Reference">What it was issued for, e.g. a return number.</param>
/// <param name="RecipientEmail">Who it is for, when known.</param>
/// <param name="ExpiresAt">When it lapses, if the merchant's policy says so.</param>
/// <param name="At">When.</param>
public sealed record GiftCardIssued(Guid CardId, string Last4, decimal Amount, string Currency, string Reference, string? RecipientEmail, DateTimeOffset? ExpiresAt, DateTimeOffset At);
