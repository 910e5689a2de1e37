using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Orders;
using Retour.Web.Features.Import;
using Retour.Web.Persistence;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Import;

/// <summary>Shopify's orders/create and orders/updated webhooks, signed with the app's shared secret.</summary>
public abstract class ShopifyOrderWebhookTests
{
    private const string Secret = "shpss_test_7f3a9c";
    private const string Route = "/api/v1/integrations/shopify/orders";
    private readonly RetourApp _app;

    protected ShopifyOrderWebhookTests(RetourApp app)
    {
        _app = app;
        app.Settings[ShopifyOrders.SecretSetting] = Secret;
    }

    [Fact]
    public async Task Webhook_WithAValidSignature_ImportsTheOrderAndUpdatesItOnTheNextWebhook()
    {
        var id = Random.Shared.NextInt64(1_000_000_000, 9_000_000_000);
        var response = await SendAsync(Payload(id, refunded: false), Sign(Payload(id, refunded: false)), "orders/create");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var order = await OrderAsync(id);
        Assert.Equal(("1042", "EUR", "web", "jane.doe@example.com", "Jane Doe", "fr-FR"), (order.Number, order.CurrencyCode, order.Channel, order.Customer.Email, order.Customer.Name, order.Customer.Locale));
        Assert.Equal(("FR", "75002"), (order.ShipTo.Country, order.ShipTo.PostalCode));
        Assert.Equal(2, order.Lines.Count);
        var shirt = order.Lines[0];
        // 29.90 a unit with VAT included (4.98 of it) and 6.00 off over two units: 29.90 - 3.00 - 4.98 = 21.92.
        Assert.Equal(("TSHIRT-BLUE-M", 2, 21.92m, 4.98m, "Acme"), (shirt.Sku, shirt.Quantity, shirt.UnitPricePaid, shirt.UnitTax, shirt.Supplier));
        Assert.Equal("M / Blue", shirt.Attributes["variant"]);
        Assert.Equal(4.90m, order.ShippingPaid);
        var shipment = Assert.Single(order.Shipments);
        Assert.Equal(("La Poste", "6A12345678901"), (shipment.Carrier, shipment.TrackingNumber));
        Assert.Equal(new DateTimeOffset(2026, 11, 12, 9, 30, 0, TimeSpan.Zero), order.LastDeliveredAt());
        var payment = Assert.Single(order.Tenders);
        Assert.Equal(("shopify_payments", "5588229", 73.64m, TenderMethod.Card), (payment.Provider, payment.TransactionId, payment.Captured, payment.Method));

        var updated = Payload(id, refunded: true);
        var again = await SendAsync(updated, Sign(updated), "orders/updated");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var after = await OrderAsync(id);
        Assert.Equal(order.Id, after.Id);
        Assert.Equal(1, after.Lines[0].Quantity); // one shirt refunded in Shopify
        Assert.Equal(73.64m - 26.90m, Assert.Single(after.Tenders).Captured);
        Assert.Equal(1, await _app.WithScopeAsync<RetourDbContext, int>(db => db.Orders.CountAsync(o => o.ShopOrderId == id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Fact]
    public async Task Webhook_WithAWrongOrMissingSignature_Is401AndImportsNothing()
    {
        var id = Random.Shared.NextInt64(1_000_000_000, 9_000_000_000);
        var body = Payload(id, refunded: false);
        var forged = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes("not-the-secret"), Encoding.UTF8.GetBytes(body)));

        var wrong = await SendAsync(body, forged, "orders/create");
        var tampered = await SendAsync(body.Replace("29.90", "0.01", StringComparison.Ordinal), Sign(body), "orders/create");
        var missing = await SendAsync(body, null, "orders/create");

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (wrong.StatusCode, tampered.StatusCode, missing.StatusCode));
        Assert.False(await _app.WithScopeAsync<RetourDbContext, bool>(db => db.Orders.AnyAsync(o => o.ShopOrderId == id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    private static string Sign(string body) => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body)));

    private async Task<HttpResponseMessage> SendAsync(string body, string? signature, string topic)
    {
        using var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Route) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.Add(ShopifyOrders.SignatureHeader, signature);
        }

        request.Headers.Add(ShopifyOrders.TopicHeader, topic);
        request.Headers.Add("X-Shopify-Shop-Domain", "acme-test.myshopify.com");
        return await client.SendAsync(request);
    }

    private Task<Order> OrderAsync(long id) =>
        _app.WithScopeAsync<RetourDbContext, Order>(db => db.Orders.AsNoTracking().SingleAsync(o => o.ShopOrderId == id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    // An order as Shopify's REST Admin API documents the order object (fields Retour reads, and some it does not).
    private static string Payload(long id, bool refunded) => $$"""
        {
          "id": {{id}},
          "admin_graphql_api_id": "gid://shopify/Order/{{id}}",
          "name": "#1042",
          "order_number": 1042,
          "email": "Jane.Doe@example.com",
          "contact_email": "Jane.Doe@example.com",
          "created_at": "2026-11-10T10:15:00+01:00",
          "processed_at": "2026-11-10T10:15:00+01:00",
          "updated_at": "2026-11-12T10:30:00+01:00",
          "currency": "EUR",
          "presentment_currency": "EUR",
          "financial_status": "{{(refunded ? "partially_refunded" : "paid")}}",
          "fulfillment_status": "fulfilled",
          "source_name": "web",
          "customer_locale": "fr-FR",
          "taxes_included": true,
          "total_price": "73.64",
          "subtotal_price": "68.74",
          "total_tax": "12.29",
          "total_discounts": "6.00",
          "payment_gateway_names": ["shopify_payments"],
          "customer": { "id": 207119551, "email": "jane.doe@example.com", "first_name": "Jane", "last_name": "Doe", "verified_email": true },
          "billing_address": { "first_name": "Jane", "last_name": "Doe", "address1": "12 rue de la Paix", "city": "Paris", "zip": "75002", "country": "France", "country_code": "FR", "province_code": null },
          "shipping_address": { "first_name": "Jane", "last_name": "Doe", "name": "Jane Doe", "address1": "12 rue de la Paix", "city": "Paris", "zip": "75002", "country": "France", "country_code": "FR", "province_code": null },
          "line_items": [
            {
              "id": 466157049, "variant_id": 39072856, "product_id": 632910392, "title": "T-shirt", "variant_title": "M / Blue",
              "name": "T-shirt - M / Blue", "sku": "TSHIRT-BLUE-M", "vendor": "Acme", "quantity": 2, "price": "29.90",
              "total_discount": "0.00", "discount_allocations": [{ "amount": "6.00", "discount_application_index": 0 }],
              "tax_lines": [{ "title": "TVA", "price": "9.96", "rate": 0.2 }], "requires_shipping": true, "taxable": true
            },
            {
              "id": 518995019, "variant_id": 49148385, "product_id": 632910393, "title": "Socks", "variant_title": null,
              "name": "Socks", "sku": "SOCKS-01", "vendor": "Acme", "quantity": 1, "price": "14.94",
              "total_discount": "0.00", "discount_allocations": [],
              "tax_lines": [{ "title": "TVA", "price": "2.49", "rate": 0.2 }], "requires_shipping": true, "taxable": true
            }
          ],
          "shipping_lines": [{ "id": 369256396, "title": "Colissimo", "code": "colissimo", "price": "4.90", "discounted_price": "4.90" }],
          "fulfillments": [
            {
              "id": 255858046, "order_id": {{id}}, "status": "success", "shipment_status": "delivered",
              "created_at": "2026-11-10T16:00:00+01:00", "updated_at": "2026-11-12T10:30:00+01:00",
              "tracking_company": "La Poste", "tracking_number": "6A12345678901",
              "line_items": [{ "id": 466157049, "quantity": 2 }, { "id": 518995019, "quantity": 1 }]
            }
          ],
          "transactions": [
            { "id": 5588229, "kind": "sale", "status": "success", "amount": "73.64", "currency": "EUR", "gateway": "shopify_payments", "processed_at": "2026-11-10T10:15:02+01:00" }
          ],
          "refunds": [{{(refunded ? """
            {
              "id": 509562969, "created_at": "2026-11-15T09:00:00+01:00", "note": "Too small",
              "refund_line_items": [{ "id": 104689539, "line_item_id": 466157049, "quantity": 1, "subtotal": 26.90 }],
              "transactions": [{ "id": 179259969, "kind": "refund", "status": "success", "amount": "26.90", "gateway": "shopify_payments" }]
            }
            """ : "")}}]
        }
        """;
}

public sealed class ShopifyOrderWebhookTests_Sqlite(SqliteApp app) : ShopifyOrderWebhookTests(app), IClassFixture<SqliteApp>;

public sealed class ShopifyOrderWebhookTests_Postgres(PostgresApp app) : ShopifyOrderWebhookTests(app), IClassFixture<PostgresApp>;
