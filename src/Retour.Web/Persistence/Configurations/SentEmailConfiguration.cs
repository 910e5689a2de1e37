using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Web.Features.Notifications;

namespace Retour.Web.Persistence.Configurations;

internal sealed class SentEmailConfiguration : IEntityTypeConfiguration<SentEmail>
{
    public void Configure(EntityTypeBuilder<SentEmail> builder)
    {
        builder.HasKey(e => e.Id);

        // One email per outbox message and kind: a second delivery of the message finds it and sends nothing.
        builder.HasIndex(e => e.MessageKey).IsUnique();
        builder.HasIndex(e => new { e.SentAt, e.MessageKey });
        builder.HasIndex(e => e.ReturnNumber);
        builder.Property(e => e.MessageKey).HasMaxLength(100);
        builder.Property(e => e.ReturnNumber).HasMaxLength(32);
        builder.Property(e => e.To).HasMaxLength(320);
        builder.Property(e => e.Subject).HasMaxLength(500);
        builder.Property(e => e.Locale).HasMaxLength(35);
        builder.Property(e => e.Transport).HasMaxLength(20);
        builder.Property(e => e.Html).IsRequired();
    }
}
