using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Retour.Web.Persistence.Configurations;

/// <summary>Stores a small value (tags, attributes, decision reasons, graded units) as JSON text in one column.</summary>
internal static class JsonColumn
{
    public static PropertyBuilder<T> AsJson<T>(this PropertyBuilder<T> property)
        where T : class
    {
        var comparer = new ValueComparer<T>(
            (a, b) => Serialize(a) == Serialize(b),
            v => Serialize(v).GetHashCode(StringComparison.Ordinal),
            v => Deserialize<T>(Serialize(v)));
        property.HasConversion(v => Serialize(v), v => Deserialize<T>(v), comparer).IsRequired();
        return property;
    }

    private static string Serialize<T>(T? value) => JsonSerializer.Serialize(value, RetourDbContext.Json);

    private static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, RetourDbContext.Json)!;
}
