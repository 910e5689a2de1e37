using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Domain.Returns;

namespace Retour.Web.Persistence.Configurations;

/// <summary>The return's tracking columns (decision 0020), apart from <see cref="ReturnCaseConfiguration"/>.</summary>
internal sealed class ReturnTrackingConfiguration : IEntityTypeConfiguration<ReturnCase>
{
    public void Configure(EntityTypeBuilder<ReturnCase> builder)
    {
        // The attention queue, a page at a time: only the few returns that wait for a person are in the index.
        builder.HasIndex(r => new { r.RequestedAt, r.Number }, "IX_Returns_Queue_Attention").HasFilter("\"Attention\" IS NOT NULL");
    }
}
