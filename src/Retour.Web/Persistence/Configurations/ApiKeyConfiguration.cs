using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Web.Features.ApiKeys;

namespace Retour.Web.Persistence.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.HasKey(k => k.Id);
        builder.HasIndex(k => k.Prefix).IsUnique();
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.Property(k => k.Name).HasMaxLength(ApiKey.MaxName);
        builder.Property(k => k.Hash).HasMaxLength(32);
        builder.Property(k => k.Scopes).HasMaxLength(500);
        builder.Property(k => k.Role).HasMaxLength(40);
        builder.Property(k => k.CreatedBy).HasMaxLength(320);
        builder.Property(k => k.RevokedBy).HasMaxLength(320);
        builder.Ignore(k => k.ScopeList);
    }
}
