using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Retour.Web.Persistence.Configurations;

/// <summary>
/// The index the outbox lease reads (<see cref="OutboxLeases"/>): the messages not yet delivered, oldest first. The lease
/// takes the oldest <c>BatchSize</c> of them (<c>ORDER BY "CreatedAt", "Id" LIMIT …</c>); with only the
/// (<c>ProcessedAt</c>, <c>AvailableAt</c>) index PostgreSQL read every pending row and sorted them all (20,000 at the
/// start of the refund benchmark) to keep 128. Walking this index in order it stops at the 128th row that is available
/// and not leased. Partial, so it holds the pending rows only: delivered ones leave it, and it stays small however long
/// the outbox's history grows. Its own configuration class (EF Core applies every configuration of an entity type), so
/// it merges apart from the outbox's other settings.
/// </summary>
internal sealed class OutboxLeaseIndexConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder) =>
        builder.HasIndex(m => new { m.CreatedAt, m.Id }, "IX_OutboxMessages_Pending").HasFilter("\"ProcessedAt\" IS NULL");
}
