using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Web.Features.Webhooks;

namespace Retour.Web.Persistence.Configurations;

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Url).HasMaxLength(WebhookSubscription.MaxUrl);
        builder.Property(s => s.Events).HasMaxLength(2000);
        builder.Property(s => s.Description).HasMaxLength(WebhookSubscription.MaxDescription);
        builder.Property(s => s.ProtectedSecret).HasMaxLength(1000);
        builder.Property(s => s.SecretHint).HasMaxLength(8);
        builder.Property(s => s.CreatedBy).HasMaxLength(320);
        builder.Ignore(s => s.EventList);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedOnAdd();

        // One delivery per outbox message and subscription: a message handled twice records nothing twice.
        builder.HasIndex(d => new { d.EventId, d.SubscriptionId }).IsUnique();

        // The dispatcher's look-up: a subscription's due deliveries, oldest due first.
        builder.HasIndex(d => new { d.SubscriptionId, d.Status, d.NextAttemptAt });
        builder.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(d => d.Event).HasMaxLength(64);
        builder.Property(d => d.LeaseOwner).HasMaxLength(140);
        builder.Property(d => d.LastError).HasMaxLength(WebhookDelivery.MaxError);
        builder.Property(d => d.Body).IsRequired();
    }
}
