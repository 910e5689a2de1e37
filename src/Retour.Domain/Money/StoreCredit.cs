namespace Retour.Domain.Money;

/// <summary>
/// A customer's store credit in one currency, found by their email (trimmed, lower-case). What it holds is the running
/// sum of its <see cref="LedgerEntry"/> postings; see <see cref="Purse"/> for the rules every change follows.
/// </summary>
public sealed class StoreCreditAccount : Purse
{
    /// <summary>The longest email kept (RFC 5321's path limit).</summary>
    public const int MaxEmail = 254;

    private StoreCreditAccount()
    {
        Email = string.Empty;
    }

    /// <summary>The customer's email, trimmed and lower-case.</summary>
    public string Email { get; private set; }

    /// <summary>When the account was opened (its first credit).</summary>
    public DateTimeOffset OpenedAt { get; private set; }

    /// <inheritdoc />
    public override PurseKind Kind => PurseKind.StoreCredit;

    /// <summary>The form an email is kept and looked up in: trimmed, lower-case.</summary>
    public static string Normalize(string? email) => (email ?? string.Empty).Trim().ToLowerInvariant();

    /// <summary>Opens an empty account for <paramref name="email"/> in <paramref name="currency"/>.</summary>
    public static (StoreCreditAccount? Account, Result Result) Open(string? email, string? currency, DateTimeOffset at)
    {
        var errors = new List<DomainError>();
        var normalized = Normalize(email);
        if (normalized.Length == 0)
        {
            errors.Add(new("credit.email.required", "An email is needed to find the customer's credit.", "email"));
        }
        else if (normalized.Length > MaxEmail || normalized.IndexOf('@', StringComparison.Ordinal) is < 1 || normalized.EndsWith('@') || normalized.Any(char.IsWhiteSpace))
        {
            errors.Add(new("credit.email.invalid", "That is not an email address.", "email"));
        }

        if (!Money.Currency.IsWellFormed(currency))
        {
            errors.Add(new("credit.currency.invalid", "A currency is three capital letters (ISO 4217), e.g. EUR.", "currency"));
        }

        if (errors.Count > 0)
        {
            return (null, Result.Fail(errors));
        }

        return (new StoreCreditAccount { Id = Guid.CreateVersion7(at), Email = normalized, Currency = currency!, OpenedAt = at, UpdatedAt = at }, Result.Ok());
    }
}
