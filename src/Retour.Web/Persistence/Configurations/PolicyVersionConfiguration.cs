using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Retour.Domain.Policies;
using Retour.Web.Features.Policies;

namespace Retour.Web.Persistence.Configurations;

internal sealed class PolicyVersionConfiguration : IEntityTypeConfiguration<PolicyVersion>
{
    public void Configure(EntityTypeBuilder<PolicyVersion> builder)
    {
        builder.HasKey(p => p.Id);
        builder.HasIndex(p => p.Number).IsUnique();

        // At most one version is in force: two publications racing cannot both win.
        builder.HasIndex(p => p.Status).IsUnique().HasFilter("\"Status\" = 'Published'").HasDatabaseName("IX_PolicyVersions_OnePublished");
        builder.Property(p => p.Note).HasMaxLength(2000);
        builder.Property(p => p.CreatedBy).HasMaxLength(200);
        builder.Property(p => p.PublishedBy).HasMaxLength(200);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.Ignore(p => p.Label);

        // A published document never changes and a draft's is replaced whole, so references are compared.
        builder.Property(p => p.Document)
            .HasConversion(
                v => JsonSerializer.Serialize(v, PolicyDocumentJson.Options),
                v => JsonSerializer.Deserialize<ReturnPolicy>(v, PolicyDocumentJson.Options)!,
                new ValueComparer<ReturnPolicy>((a, b) => ReferenceEquals(a, b), v => RuntimeHelpers.GetHashCode(v), v => v))
            .IsRequired();
    }
}

/// <summary>How a policy document is stored: the API's JSON (camelCase members, enums as camelCase strings).</summary>
public static class PolicyDocumentJson
{
    /// <summary>The options.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
