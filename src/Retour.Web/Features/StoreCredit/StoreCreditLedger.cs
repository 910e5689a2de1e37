using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;
using Retour.Domain;
using Retour.Domain.Money;
using Retour.Web.Persistence;

namespace Retour.Web.Features.StoreCredit;

/// <summary>
/// The one way store credit is issued, and the staff adjustments. Issuing only adds to the caller's unit of work: the
/// settlement that calls it saves the credit together with the rest of its change, in its own transaction.
/// </summary>
public static class StoreCreditLedger
{
    /// <summary>
    /// Issues <paramref name="amount"/> of credit and <paramref name="bonus"/> on top to the customer
    /// <paramref name="customerEmail"/> (any case) in <paramref name="currency"/>, opening the account when it is the
    /// first: an <see cref="LedgerKind.Issued"/> and a <see cref="LedgerKind.Bonus"/> transaction (a zero part is not
    /// posted), and a <see cref="StoreCreditIssued"/> outbox message. Idempotent on <paramref name="reference"/> (e.g. the
    /// return number): what the account already has, saved or tracked, for the reference is not posted again, so a
    /// retried settlement issues once; two racing settlements are kept to one by the ledger's unique index (the second
    /// save fails, and its retry finds the first). Credit lapses after <c>Credit:StoreCreditExpiryMonths</c> when set.
    /// Nothing is written until the caller's <c>SaveChangesAsync</c>; a concurrent hold on the same account makes that
    /// save fail with a concurrency conflict, to be retried.
    /// </summary>
    public static async Task<Result> IssueAsync(RetourDbContext db, string customerEmail, string currency, decimal amount, decimal bonus, string reference, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (amount < 0m || bonus < 0m || amount + bonus <= 0m)
        {
            return Result.Fail("credit.amount.notPositive", "Issue more than zero, and neither the amount nor the bonus below zero.", amount <= 0m ? "amount" : "bonus");
        }

        var email = StoreCreditAccount.Normalize(customerEmail);
        var account = db.StoreCreditAccounts.Local.FirstOrDefault(a => a.Email == email && a.Currency == currency)
            ?? await db.StoreCreditAccounts.FirstOrDefaultAsync(a => a.Email == email && a.Currency == currency, ct);
        if (account is null)
        {
            var (opened, result) = StoreCreditAccount.Open(email, currency, at);
            if (opened is null)
            {
                return result;
            }

            db.StoreCreditAccounts.Add(opened);
            account = opened;
        }

        var trimmed = (reference ?? string.Empty).Trim();
        var posted = await PostedKindsAsync(db, account.Id, trimmed, ct);
        var expiresAt = CreditOptions.ExpiryOf(OptionsOf(db).StoreCreditExpiryMonths, at);
        var issued = 0m;
        var bonusIssued = 0m;
        foreach (var (kind, part) in new[] { (LedgerKind.Issued, amount), (LedgerKind.Bonus, bonus) })
        {
            if (part == 0m || posted.Contains(kind))
            {
                continue;
            }

            var (transaction, result) = account.Credit(kind, part, trimmed, at, expiresAt);
            if (transaction is null)
            {
                return result;
            }

            db.LedgerEntries.AddRange(transaction.Entries);
            issued += kind == LedgerKind.Issued ? part : 0m;
            bonusIssued += kind == LedgerKind.Bonus ? part : 0m;
        }

        if (issued + bonusIssued > 0m)
        {
            db.OutboxMessages.Add(OutboxMessage.Of(new StoreCreditIssued(account.Id, account.Email, account.Currency, issued, bonusIssued, trimmed, expiresAt, at), at));
        }

        return Result.Ok();
    }

    /// <summary>
    /// Takes back <paramref name="amount"/> of credit issued to <paramref name="customerEmail"/> under
    /// <paramref name="reference"/> (a settlement entry reversed), in the caller's unit of work; refused when the
    /// customer has spent it (only what is available can be taken back). Idempotent on the reference.
    /// </summary>
    public static async Task<Result> ReverseAsync(RetourDbContext db, string customerEmail, string currency, decimal amount, string reference, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var email = StoreCreditAccount.Normalize(customerEmail);
        var account = db.StoreCreditAccounts.Local.FirstOrDefault(a => a.Email == email && a.Currency == currency)
            ?? await db.StoreCreditAccounts.FirstOrDefaultAsync(a => a.Email == email && a.Currency == currency, ct);
        if (account is null)
        {
            return Result.Fail("credit.insufficient", $"The customer has no {currency} credit to take back.", "entryId");
        }

        if ((await PostedKindsAsync(db, account.Id, reference.Trim(), ct)).Contains(LedgerKind.Reversed))
        {
            return Result.Ok();
        }

        var (transaction, result) = account.Reverse(amount, reference.Trim(), at);
        if (transaction is null)
        {
            return result;
        }

        db.LedgerEntries.AddRange(transaction.Entries);
        return Result.Ok();
    }

    /// <summary>
    /// A manager's adjustment of <paramref name="amount"/> (either sign) with a reason, saved in one transaction with
    /// what <paramref name="audit"/> adds for the account (the staff audit entry); <paramref name="reference"/> (the
    /// request's idempotency key) makes a retry post once. Opens the account for a credit; a debit of a customer
    /// without an account is refused. A refusal saves nothing.
    /// </summary>
    public static async Task<(StoreCreditAccount? Account, Result Result)> AdjustAsync(RetourDbContext db, string email, string currency, decimal amount, string reason, string reference, Action<StoreCreditAccount> audit, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        var normalized = StoreCreditAccount.Normalize(email);
        var id = await db.StoreCreditAccounts.AsNoTracking().Where(a => a.Email == normalized && a.Currency == currency).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        await using var transaction = id is { } known ? await PurseMoves.LockAsync<StoreCreditAccount>(db, known, ct) : await db.Database.BeginTransactionAsync(ct);
        StoreCreditAccount? account;
        if (id is null)
        {
            (account, var open) = StoreCreditAccount.Open(normalized, currency, at);
            if (account is null)
            {
                return (null, open);
            }

            if (amount < 0m)
            {
                return (null, Result.Fail("credit.insufficient", $"The customer has no {currency} credit to deduct from.", "amount"));
            }

            db.StoreCreditAccounts.Add(account);
        }
        else
        {
            account = await db.StoreCreditAccounts.FirstAsync(a => a.Id == id, ct);
            if ((await PostedKindsAsync(db, account.Id, reference.Trim(), ct)).Contains(LedgerKind.Adjusted))
            {
                return (account, Result.Ok());
            }
        }

        var (posted, result) = account.Adjust(amount, reference, reason, at);
        if (posted is null)
        {
            db.ChangeTracker.Clear();
            return (account, result);
        }

        db.LedgerEntries.AddRange(posted.Entries);
        audit(account);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (account, Result.Ok());
    }

    /// <summary>The credit settings, from the application's services (the defaults at design time).</summary>
    internal static CreditOptions OptionsOf(DbContext db)
    {
        var services = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;
        return services?.GetService<IOptions<CreditOptions>>()?.Value ?? new CreditOptions();
    }

    private static async Task<HashSet<LedgerKind>> PostedKindsAsync(RetourDbContext db, Guid purseId, string reference, CancellationToken ct)
    {
        var kinds = db.LedgerEntries.Local.Where(e => e.PurseId == purseId && e.Reference == reference).Select(e => e.Kind).ToHashSet();
        kinds.UnionWith(await db.LedgerEntries.AsNoTracking().Where(e => e.PurseId == purseId && e.Reference == reference).Select(e => e.Kind).Distinct().ToListAsync(ct));
        return kinds;
    }
}
