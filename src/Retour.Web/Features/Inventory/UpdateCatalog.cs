using Microsoft.EntityFrameworkCore;
using Retour.Domain;
using Retour.Domain.Inventory;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Inventory;

/// <summary>Variants the shop sends (new or changed); the same SKU in another currency is another price list entry.</summary>
public sealed record UpdateCatalogRequest(IReadOnlyList<CatalogVariantBody> Variants);

/// <summary>One variant: SKU, product, name, options, category, price with tax in a currency, units available now.</summary>
public sealed record CatalogVariantBody(string Sku, string ProductCode, string Title, IReadOnlyDictionary<string, string>? Attributes, string? Category, decimal Price, string Currency, int Available);

/// <summary>A variant as the API shows it.</summary>
public sealed record CatalogVariantResponse(string Sku, string ProductCode, string Title, IReadOnlyDictionary<string, string> Attributes, string? Category, decimal Price, string Currency, int Available, DateTimeOffset UpdatedAt)
{
    /// <summary>The API view of a variant.</summary>
    public static CatalogVariantResponse From(CatalogVariant v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new(v.Sku, v.ProductCode, v.Title, v.Attributes, v.Category, v.Price, v.Currency, v.Available, v.UpdatedAt);
    }
}

/// <summary>Takes the shop's catalogue and stock levels, which exchanges are offered from: upsert by SKU and currency, in one transaction.</summary>
public static class UpdateCatalog
{
    /// <summary>Most variants in one request.</summary>
    public const int MaxVariants = 1000;

    /// <summary>Checks the request's shape.</summary>
    public static FieldErrors Validate(UpdateCatalogRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var v = new FieldErrors().Check(r.Variants is { Count: > 0 and <= MaxVariants }, "variants", $"Between 1 and {MaxVariants} variants.");
        var variants = r.Variants ?? [];
        for (var i = 0; i < variants.Count; i++)
        {
            v.Text(variants[i].Sku, $"variants[{i}].sku", 100)
                .Text(variants[i].ProductCode, $"variants[{i}].productCode", 100)
                .Text(variants[i].Title, $"variants[{i}].title", 500)
                .Text(variants[i].Category, $"variants[{i}].category", 100, required: false);
        }

        return v;
    }

    /// <summary>Upserts every variant, or none when one breaks a rule.</summary>
    public static async Task<Outcome<IReadOnlyList<CatalogVariant>>> HandleAsync(UpdateCatalogRequest r, RetourDbContext db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(db);
        var now = clock.GetUtcNow();
        var skus = r.Variants.Select(v => v.Sku.Trim()).Distinct().ToList();
        var known = await db.CatalogVariants.Where(v => skus.Contains(v.Sku)).ToListAsync(ct);
        var errors = new List<DomainError>();
        var saved = new List<CatalogVariant>();
        for (var i = 0; i < r.Variants.Count; i++)
        {
            var body = r.Variants[i];
            var currency = body.Currency?.Trim().ToUpperInvariant() ?? string.Empty;
            var existing = known.FirstOrDefault(v => v.Sku == body.Sku.Trim() && v.Currency == currency);
            Result result;
            if (existing is null)
            {
                (existing, result) = CatalogVariant.Create(body.Sku, body.ProductCode, body.Title, body.Attributes, body.Category, body.Price, currency, body.Available, now);
                if (existing is not null)
                {
                    db.CatalogVariants.Add(existing);
                    known.Add(existing);
                }
            }
            else
            {
                result = existing.Update(body.ProductCode, body.Title, body.Attributes, body.Category, body.Price, currency, body.Available, now);
            }

            errors.AddRange(result.Errors.Select(e => e with { Target = $"variants[{i}].{e.Target}" }));
            if (result.IsSuccess)
            {
                saved.Add(existing!);
            }
        }

        if (errors.Count > 0)
        {
            return Outcome.Refused<IReadOnlyList<CatalogVariant>>(Result.Fail(errors));
        }

        await db.SaveChangesAsync(ct);
        return Outcome.Ok<IReadOnlyList<CatalogVariant>>(saved);
    }
}
