using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Retour.Domain.Money;
using Retour.Domain.Orders;
using Retour.Web.Features.Orders;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Import;

/// <summary>
/// <c>POST /api/v1/integrations/shopify/orders</c>: a Shopify shop's <c>orders/create</c> and <c>orders/updated</c>
/// webhooks, sent straight to Retour. Shopify holds no API key of ours, so the route is anonymous (rate-limited per
/// address like every anonymous route) and believes only a body whose <c>X-Shopify-Hmac-Sha256</c> header is the
/// base64 HMAC-SHA256 of the raw body with the app's shared secret
/// (https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook). The order is mapped from
/// Shopify's order object (https://shopify.dev/docs/api/admin-rest/latest/resources/order) and imported like
/// <c>POST /api/v1/orders</c>: upserted on Shopify's order id, so a repeated or later webhook updates the same order.
/// </summary>
public static class ShopifyOrders
{
    /// <summary>The header that carries Shopify's signature.</summary>
    public const string SignatureHeader = "X-Shopify-Hmac-Sha256";

    /// <summary>The header that names the webhook's topic.</summary>
    public const string TopicHeader = "X-Shopify-Topic";

    /// <summary>The setting that holds the app's shared secret Shopify signs webhooks with (from the environment, never appsettings.json).</summary>
    public const string SecretSetting = "Integrations:Shopify:WebhookSecret";

    /// <summary>Maps the route.</summary>
    public static IEndpointRouteBuilder MapShopifyOrders(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/api/v1/integrations/shopify/orders", HandleAsync)
            .AllowAnonymous()
            .WithTags("Orders")
            .WithName("ShopifyOrderWebhook")
            .WithSummary("Shopify's order webhooks (signed)")
            .WithDescription("Called by Shopify for orders/create and orders/updated: the order is imported or updated on Shopify's order id, like POST /api/v1/orders. The X-Shopify-Hmac-Sha256 header must be the base64 HMAC-SHA256 of the raw body with Integrations:Shopify:WebhookSecret (401 otherwise).")
            .Accepts<object>("application/json")
            .Produces(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status401Unauthorized)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>True when the header is the base64 HMAC-SHA256 of the body with the secret (compared in constant time).</summary>
    public static bool Verify(ReadOnlySpan<byte> body, string? header, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        Span<byte> given = stackalloc byte[64];
        if (!Convert.TryFromBase64String(header.Trim(), given, out var length) || length != HMACSHA256.HashSizeInBytes)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, given[..length]);
    }

    private static async Task<IResult> HandleAsync(HttpContext http, IConfiguration configuration, RetourDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var secret = configuration[SecretSetting];
        if (string.IsNullOrWhiteSpace(secret))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Shopify webhooks are not configured.", detail: "Set Integrations:Shopify:WebhookSecret to receive Shopify's order webhooks.", type: "urn:retour:problem:notFound");
        }

        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await http.Request.Body.CopyToAsync(buffer, ct);
            body = buffer.ToArray();
        }

        if (!Verify(body, http.Request.Headers[SignatureHeader].ToString(), secret))
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The webhook is not signed by the shop.", detail: $"The {SignatureHeader} header must be the base64 HMAC-SHA256 of the body with the app's shared secret.", type: "urn:retour:problem:unauthorized");
        }

        var topic = http.Request.Headers[TopicHeader].ToString();
        if (topic.Length > 0 && topic is not ("orders/create" or "orders/updated" or "orders/paid" or "orders/fulfilled" or "orders/partially_fulfilled"))
        {
            return Results.Ok(new { received = true, handled = false });
        }

        ImportOrderRequest request;
        try
        {
            using var json = JsonDocument.Parse(body);
            request = ToRequest(json.RootElement);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or OverflowException)
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["body"] = [$"Not a Shopify order: {e.Message}"] });
        }

        var errors = ImportOrder.Validate(request);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var (order, created, result) = await ImportOrder.HandleAsync(request, db, clock, ct);
        return result.IsSuccess ? Results.Ok(new { received = true, handled = true, orderId = order!.Id, created }) : Problems.Rule(result);
    }

    /// <summary>
    /// Maps Shopify's order object to an import: lines at the unit price paid after their discounts and without tax
    /// (whether or not the shop's prices include it), less units already refunded in Shopify; fulfillments as
    /// shipments (delivered when their shipment status says so); successful sale and capture transactions as payments,
    /// less Shopify's refund transactions; shipping lines as shipping paid.
    /// </summary>
    public static ImportOrderRequest ToRequest(JsonElement o)
    {
        var currency = Text(o, "currency") ?? "EUR";
        var taxesIncluded = o.TryGetProperty("taxes_included", out var ti) && ti.ValueKind == JsonValueKind.True;
        var refunded = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var refund in Array(o, "refunds"))
        {
            foreach (var item in Array(refund, "refund_line_items"))
            {
                var lineId = Text(item, "line_item_id") ?? string.Empty;
                refunded[lineId] = refunded.GetValueOrDefault(lineId) + (int)Number(item, "quantity");
            }
        }

        var lines = new List<ImportOrderLine>();
        foreach (var item in Array(o, "line_items"))
        {
            var id = Text(item, "id") ?? throw new FormatException("A line item has no id.");
            var bought = (int)Number(item, "quantity");
            var quantity = bought - refunded.GetValueOrDefault(id);
            if (quantity <= 0)
            {
                continue;
            }

            var discount = Array(item, "discount_allocations").Sum(d => Number(d, "amount"));
            if (discount == 0)
            {
                discount = Number(item, "total_discount");
            }

            var tax = Array(item, "tax_lines").Sum(t => Number(t, "price"));
            var unitTax = bought == 0 ? 0 : decimal.Round(tax / bought, 4);
            var unit = Number(item, "price") - (discount / bought) - (taxesIncluded ? tax / bought : 0);
            var variant = Text(item, "variant_title");
            lines.Add(new ImportOrderLine(
                id,
                Text(item, "sku") is { Length: > 0 } sku ? sku : Text(item, "variant_id") ?? id,
                Text(item, "name") ?? Text(item, "title") ?? id,
                quantity,
                Math.Max(0, Currency.Round(unit, currency)),
                Math.Max(0, unitTax),
                Attributes: string.IsNullOrWhiteSpace(variant) ? null : new Dictionary<string, string> { ["variant"] = variant },
                Supplier: Text(item, "vendor")));
        }

        var shipments = new List<ImportShipment>();
        foreach (var f in Array(o, "fulfillments"))
        {
            if (Text(f, "status") is "cancelled" or "failure" or "error")
            {
                continue;
            }

            var items = Array(f, "line_items")
                .Select(i => (Id: Text(i, "id") ?? string.Empty, Quantity: (int)Number(i, "quantity")))
                .Select(i => new ShipmentItem(i.Id, Math.Min(i.Quantity, lines.Find(l => l.ShopLineId == i.Id)?.Quantity ?? 0)))
                .Where(i => i.Quantity > 0)
                .ToList();
            if (items.Count == 0)
            {
                continue;
            }

            var shippedAt = Date(f, "created_at");
            var delivered = Text(f, "shipment_status") == "delivered" ? Date(f, "updated_at") ?? shippedAt : null;
            shipments.Add(new ImportShipment(items, Text(f, "tracking_company"), Text(f, "tracking_number"), shippedAt, delivered));
        }

        var payments = new List<Domain.Orders.TenderSnapshot>();
        var refundedMoney = Array(o, "transactions").Where(t => Text(t, "kind") == "refund" && Text(t, "status") == "success").Sum(t => Number(t, "amount"))
            + Array(o, "refunds").SelectMany(r => Array(r, "transactions")).Where(t => Text(t, "kind") == "refund" && Text(t, "status") == "success").Sum(t => Number(t, "amount"));
        foreach (var t in Array(o, "transactions").Where(t => Text(t, "kind") is "sale" or "capture" && Text(t, "status") == "success"))
        {
            var amount = Number(t, "amount");
            var less = Math.Min(amount, refundedMoney);
            refundedMoney -= less;
            var gateway = Text(t, "gateway") ?? "shopify";
            payments.Add(new Domain.Orders.TenderSnapshot(Method(gateway), gateway.Length > 50 ? gateway[..50] : gateway, Text(t, "id") ?? throw new FormatException("A transaction has no id."), amount - less, Date(t, "processed_at") ?? Date(t, "created_at")));
        }

        o.TryGetProperty("customer", out var customer);
        var address = o.TryGetProperty("shipping_address", out var s) && s.ValueKind == JsonValueKind.Object ? s
            : o.TryGetProperty("billing_address", out var b) && b.ValueKind == JsonValueKind.Object ? b : default;
        var email = Text(o, "email") is { Length: > 0 } e ? e : Text(o, "contact_email") ?? (customer.ValueKind == JsonValueKind.Object ? Text(customer, "email") : null);
        var name = customer.ValueKind == JsonValueKind.Object ? $"{Text(customer, "first_name")} {Text(customer, "last_name")}".Trim() : string.Empty;
        if (name.Length == 0 && address.ValueKind == JsonValueKind.Object)
        {
            name = Text(address, "name") ?? string.Empty;
        }

        var shipping = Array(o, "shipping_lines").Sum(l => l.TryGetProperty("discounted_price", out _) ? Number(l, "discounted_price") : Number(l, "price"));
        var channel = Text(o, "source_name");
        return new ImportOrderRequest(
            Text(o, "id") ?? throw new FormatException("The order has no id."),
            (Text(o, "name") ?? Text(o, "order_number") ?? string.Empty).TrimStart('#'),
            Date(o, "processed_at") ?? Date(o, "created_at") ?? throw new FormatException("The order has no created_at."),
            currency,
            new Customer(email ?? string.Empty, name.Length > 0 ? name : email ?? string.Empty, Locale: Text(o, "customer_locale")),
            new ShipTo(address.ValueKind == JsonValueKind.Object ? Text(address, "country_code") ?? string.Empty : string.Empty, address.ValueKind == JsonValueKind.Object ? Text(address, "province_code") : null, address.ValueKind == JsonValueKind.Object ? Text(address, "zip") : null),
            lines,
            Channel: channel is { Length: > 50 } ? channel[..50] : channel,
            ShippingPaid: shipping,
            CheapestStandardShipping: shipping,
            Shipments: shipments,
            Payments: payments);
    }

    private static TenderMethod Method(string gateway) => gateway.ToUpperInvariant() switch
    {
        var g when g.Contains("PAYPAL", StringComparison.Ordinal) => TenderMethod.PayPal,
        var g when g.Contains("GIFT_CARD", StringComparison.Ordinal) => TenderMethod.GiftCard,
        var g when g.Contains("AMAZON", StringComparison.Ordinal) => TenderMethod.AmazonPay,
        _ => TenderMethod.Card,
    };

    private static List<JsonElement> Array(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? [.. a.EnumerateArray()] : [];

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                _ => null,
            }
            : null;

    // Shopify writes money as strings ("19.99") and counts as numbers.
    private static decimal Number(JsonElement e, string name) =>
        Text(e, name) is { Length: > 0 } text ? decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture) : 0m;

    private static DateTimeOffset? Date(JsonElement e, string name) =>
        Text(e, name) is { Length: > 0 } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).ToUniversalTime() : null;
}
