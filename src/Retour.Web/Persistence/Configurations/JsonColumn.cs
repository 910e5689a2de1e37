using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Retour.Web.Persistence.Configurations;

/// <summary>
/// Stores a small value (tags, attributes, decision reasons, graded units) as JSON text in one column. The domain
/// never changes such a value in place, it replaces it, so change tracking compares references: cheap, and exact.
/// </summary>
internal static class JsonColumn
{
    public static PropertyBuilder<T> AsJson<T>(this PropertyBuilder<T> property)
        where T : class
    {
        var comparer = new ValueComparer<T>(
            (a, b) => ReferenceEquals(a, b),
            v => RuntimeHelpers.GetHashCode(v),
            v => v);
        property.HasConversion(v => JsonSerializer.Serialize(v, RetourDbContext.Json), v => JsonSerializer.Deserialize<T>(v, RetourDbContext.Json)!, comparer).IsRequired();
        return property;
    }
}
