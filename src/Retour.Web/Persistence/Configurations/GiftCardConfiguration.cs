using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Domain.Money;

namespace Retour.Web.Persistence.Configurations;

internal sealed class GiftCardConfiguration : IEntityTypeConfiguration<GiftCard>
{
    public void Configure(EntityTypeBuilder<GiftCard> builder)
    {
        builder.HasKey(c => c.Id);

        // A card is found by its code's hash only; the code itself is never stored.
        builder.HasIndex(c => c.CodeHash).IsUnique();

        // One card per issuing reference, so a retried settlement or request issues one card.
        builder.HasIndex(c => c.IssueReference).IsUnique();
        builder.HasIndex(c => c.NextLapseAt);
        builder.Property(c => c.CodeHash).HasMaxLength(64).IsFixedLength();
        builder.Property(c => c.Last4).HasMaxLength(4);
        builder.Property(c => c.IssueReference).HasMaxLength(Purse.MaxReference);
        builder.Property(c => c.RecipientEmail).HasMaxLength(StoreCreditAccount.MaxEmail);
        builder.Property(c => c.Currency).HasMaxLength(3);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.Balance);
        builder.Ignore(c => c.Kind);
    }
}
