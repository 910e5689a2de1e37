using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Domain.Returns;

namespace Retour.Web.Persistence.Configurations;

internal sealed class WithdrawalNoticeConfiguration : IEntityTypeConfiguration<WithdrawalNotice>
{
    public void Configure(EntityTypeBuilder<WithdrawalNotice> builder)
    {
        builder.HasKey(w => w.Id);
        builder.HasIndex(w => w.Reference).IsUnique();
        builder.HasIndex(w => w.OrderId);
        builder.HasIndex(w => w.ReceivedAt);
        builder.Property(w => w.Reference).HasMaxLength(20);
        builder.Property(w => w.Name).HasMaxLength(WithdrawalNotice.NameLength);
        builder.Property(w => w.Email).HasMaxLength(WithdrawalNotice.EmailLength);
        builder.Property(w => w.OrderNumber).HasMaxLength(WithdrawalNotice.OrderNumberLength);
        builder.Property(w => w.Locale).HasMaxLength(10);
        builder.Property(w => w.ReturnNumber).HasMaxLength(20);
        builder.Property(w => w.Statement).HasMaxLength(1000);
    }
}
