using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Web.Features.Staff;

namespace Retour.Web.Persistence.Configurations;

// Identity's tables under the glossary's name for the people who use the back office.
internal sealed class StaffConfiguration :
    IEntityTypeConfiguration<StaffUser>,
    IEntityTypeConfiguration<StaffRole>,
    IEntityTypeConfiguration<IdentityUserRole<Guid>>,
    IEntityTypeConfiguration<IdentityUserClaim<Guid>>,
    IEntityTypeConfiguration<IdentityUserLogin<Guid>>,
    IEntityTypeConfiguration<IdentityUserToken<Guid>>,
    IEntityTypeConfiguration<IdentityRoleClaim<Guid>>,
    IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<StaffUser> builder)
    {
        builder.ToTable("StaffUsers");
        builder.Property(u => u.DisplayName).HasMaxLength(200);
        builder.Property(u => u.Location).HasMaxLength(32);
    }

    public void Configure(EntityTypeBuilder<StaffRole> builder) => builder.ToTable("StaffRoles");

    public void Configure(EntityTypeBuilder<IdentityUserRole<Guid>> builder) => builder.ToTable("StaffUserRoles");

    public void Configure(EntityTypeBuilder<IdentityUserClaim<Guid>> builder) => builder.ToTable("StaffUserClaims");

    public void Configure(EntityTypeBuilder<IdentityUserLogin<Guid>> builder) => builder.ToTable("StaffUserLogins");

    public void Configure(EntityTypeBuilder<IdentityUserToken<Guid>> builder) => builder.ToTable("StaffUserTokens");

    public void Configure(EntityTypeBuilder<IdentityRoleClaim<Guid>> builder) => builder.ToTable("StaffRoleClaims");

    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => new { a.Target, a.At });
        builder.Property(a => a.Actor).HasMaxLength(320);
        builder.Property(a => a.Action).HasMaxLength(100);
        builder.Property(a => a.Target).HasMaxLength(320);
        builder.Property(a => a.Details).HasMaxLength(1000);
    }
}
