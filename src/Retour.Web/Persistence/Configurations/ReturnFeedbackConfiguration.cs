using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Domain.Returns;

namespace Retour.Web.Persistence.Configurations;

internal sealed class ReturnFeedbackConfiguration : IEntityTypeConfiguration<ReturnFeedback>
{
    public void Configure(EntityTypeBuilder<ReturnFeedback> builder)
    {
        builder.ToTable("Feedback");
        builder.HasKey(f => f.Id);

        // One answer per return, so two clicks on the email's links land on the same row.
        builder.HasIndex(f => f.ReturnCaseId).IsUnique();
        builder.HasIndex(f => f.GivenAt);
        builder.Property(f => f.ReturnNumber).HasMaxLength(20);
        builder.Property(f => f.Comment).HasMaxLength(ReturnFeedback.MaxComment);
    }
}
