using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Domain.Returns;

namespace Retour.Web.Persistence.Configurations;

internal sealed class CustomerChargeConfiguration : IEntityTypeConfiguration<CustomerCharge>
{
    public void Configure(EntityTypeBuilder<CustomerCharge> builder)
    {
        builder.ToTable("Charges");
        builder.HasKey(c => c.Id);

        // The deadline sweep finds the holds to take: still held, past their deadline.
        builder.HasIndex(c => new { c.Status, c.CaptureAfter });
        builder.Property(c => c.Provider).HasMaxLength(50);
        builder.Property(c => c.TransactionId).HasMaxLength(200);
        builder.Property(c => c.CustomerReference).HasMaxLength(200);
        builder.Property(c => c.CurrencyCode).HasMaxLength(3);
        builder.Property(c => c.ProviderReference).HasMaxLength(200);
        builder.Property(c => c.FailureReason).HasMaxLength(1000);
        builder.Property(c => c.HandledNote).HasMaxLength(1000);
        builder.Ignore(c => c.IsFinal);
        builder.Ignore(c => c.NeedsFollowUp);
        builder.Ignore(c => c.AuthoriseKey);
        builder.Ignore(c => c.CaptureKey);
        builder.Ignore(c => c.ReleaseKey);
    }
}
