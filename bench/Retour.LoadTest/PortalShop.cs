using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Retour.LoadTest;

/// <summary>An order a shopper can look up in the portal: its number and the email address it was placed with.</summary>
internal sealed record PortalOrder(string Number, string Email);

/// <summary>
/// Imports the portal scenario's orders through <c>POST /api/v1/orders</c> before the run: each delivered three days
/// ago, with one to three untagged lines of five units, so every shopper has something to return for a while.
/// </summary>
internal static class PortalShop
{
    private static readonly (string Sku, string Title, string Category, decimal Price)[] Catalogue =
    [
        ("TEE-M", "Organic cotton T-shirt", "tops", 24.00m),
        ("JEANS-32", "Straight jeans", "bottoms", 89.00m),
        ("SNEAK-42", "Canvas sneakers", "shoes", 75.00m),
    ];

    /// <summary>Imports <paramref name="count"/> orders, a few at a time; null and a message when one is refused.</summary>
    public static async Task<(IReadOnlyList<PortalOrder>? Orders, string? Problem)> ImportAsync(
        HttpClient api, int count, JsonSerializerOptions json, CancellationToken stop)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        var orders = new PortalOrder[count];
        string? problem = null;
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stop }, async (i, ct) =>
        {
            var unique = string.Create(CultureInfo.InvariantCulture, $"{tag}-{i + 1}");
            var order = new PortalOrder($"PL-{unique}".ToUpperInvariant(), $"pl{unique}@example.test");
            using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(OrderPayload(order, unique, 1 + (i % 3), now), json));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json", "utf-8");
            using var response = await api.PostAsync(new Uri("api/v1/orders", UriKind.Relative), content, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                Interlocked.CompareExchange(ref problem, $"importing order {order.Number} failed: HTTP {(int)response.StatusCode} {body[..Math.Min(body.Length, 400)]}", null);
                return;
            }

            orders[i] = order;
        }).ConfigureAwait(false);
        return problem is null ? (orders, null) : (null, problem);
    }

    private static object OrderPayload(PortalOrder order, string unique, int lineCount, DateTimeOffset now)
    {
        var lines = Catalogue.Take(lineCount).Select((item, i) => new
        {
            shopLineId = (i + 1).ToString(CultureInfo.InvariantCulture),
            sku = item.Sku,
            title = item.Title,
            attributes = new Dictionary<string, string>(StringComparer.Ordinal),
            category = item.Category,
            tags = Array.Empty<string>(),
            quantity = 5,
            unitPricePaid = item.Price,
            unitTax = item.Price / 5,
            serialNumbers = Array.Empty<string>(),
            supplier = (string?)null,
        }).ToArray();
        const decimal shipping = 4.90m;
        var captured = lines.Sum(l => l.quantity * (l.unitPricePaid + l.unitTax)) + shipping;
        return new
        {
            shopOrderId = $"pl-{unique}",
            number = order.Number,
            channel = "web",
            placedAt = now.AddDays(-5),
            currency = "EUR",
            customer = new { email = order.Email, name = "Portal Shopper", kind = "consumer", locale = "en-GB" },
            shipTo = new { country = "FR", region = (string?)null, postalCode = "75001" },
            withdrawalInfoGiven = true,
            orderDiscount = 0m,
            shippingPaid = shipping,
            cheapestStandardShipping = shipping,
            lines,
            shipments = new[]
            {
                new
                {
                    carrier = "colissimo",
                    trackingNumber = $"T{unique}",
                    shippedAt = now.AddDays(-4),
                    deliveredAt = now.AddDays(-3),
                    items = lines.Select(l => new { l.shopLineId, l.quantity }).ToArray(),
                },
            },
            payments = new[]
            {
                new { method = "card", provider = "simulator", transactionId = $"ch_{unique}", captured, capturedAt = now.AddDays(-5) },
            },
        };
    }
}
