using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Domain.Money;

namespace Retour.Web.Persistence.Configurations;

internal sealed class StoreCreditAccountConfiguration : IEntityTypeConfiguration<StoreCreditAccount>
{
    public void Configure(EntityTypeBuilder<StoreCreditAccount> builder)
    {
        builder.HasKey(a => a.Id);

        // One account per customer and currency: a second concurrent opening fails here and its caller reads the first.
        builder.HasIndex(a => new { a.Email, a.Currency }).IsUnique();
        builder.Property(a => a.Email).HasMaxLength(StoreCreditAccount.MaxEmail);
        builder.Property(a => a.Currency).HasMaxLength(3);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => a.NextLapseAt);
        builder.Ignore(a => a.Balance);
        builder.Ignore(a => a.Kind);
    }
}

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        builder.HasKey(e => e.Id);

        // Idempotency under concurrency: one transaction per (purse, kind, reference), so each account appears once.
        builder.HasIndex(e => new { e.PurseId, e.Kind, e.Reference, e.Account }).IsUnique();
        builder.HasIndex(e => new { e.PurseId, e.At, e.Id });
        builder.HasIndex(e => e.TransactionId);
        builder.Property(e => e.Currency).HasMaxLength(3);
        builder.Property(e => e.Reference).HasMaxLength(Purse.MaxReference);
        builder.Property(e => e.Note).HasMaxLength(500);
    }
}

internal sealed class CreditHoldConfiguration : IEntityTypeConfiguration<CreditHold>
{
    public void Configure(EntityTypeBuilder<CreditHold> builder)
    {
        builder.HasKey(h => h.Id);

        // One hold per purse and shop order, even when two requests race.
        builder.HasIndex(h => new { h.PurseId, h.OrderReference }).IsUnique();

        // The sweep of lapsed holds reads open ones by expiry.
        builder.HasIndex(h => new { h.Status, h.ExpiresAt });
        builder.Property(h => h.Currency).HasMaxLength(3);
        builder.Property(h => h.OrderReference).HasMaxLength(Purse.MaxReference);
    }
}
