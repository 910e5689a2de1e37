using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Retour.Domain.Returns;
using Retour.Web.Features.Refunds;
using Retour.Web.Features.Returns;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;
using Stripe;

namespace Retour.Web.Tests.Refunds;

/// <summary>
/// Charging the card a customer paid with, through the Stripe adapter against the local Stripe-compatible server:
/// holds placed, captured and released on the saved card, each once for its key, and a dearer exchange's difference
/// charged end to end.
/// </summary>
public abstract class StripeChargeTests(RetourApp app)
{
    private StripePaymentProvider Stripe => app.Services.GetRequiredService<StripePaymentProvider>();

    [Fact]
    public async Task Hold_OnTheSavedCard_IsPlacedOnceForItsKey_ThenCaptured()
    {
        var (customer, paid) = await PaidBySavedCardAsync(149m);
        var id = Guid.NewGuid();
        var instruction = new ChargeInstruction(id, paid.Id, customer.Id, 139m, "EUR", Capture: false, $"retour-charge-{id:N}");

        var held = await Stripe.ChargeAsync(instruction, CancellationToken.None);
        var again = await Stripe.ChargeAsync(instruction, CancellationToken.None);

        Assert.True(held.Kind == ChargeOutcomeKind.Authorised, held.Reason);
        Assert.Equal(held.Reference, again.Reference);
        var onStripe = await new ChargeService(StripeMock.Client).GetAsync(held.Reference);
        Assert.Equal((13900L, false), (onStripe.Amount, onStripe.Captured));
        Assert.Equal(id.ToString(), onStripe.Metadata[StripePaymentProvider.ChargeIdMetadata]);

        var taken = await Stripe.CaptureAsync(held.Reference!, 139m, "EUR", $"retour-charge-{id:N}-capture", CancellationToken.None);
        var takenAgain = await Stripe.CaptureAsync(held.Reference!, 139m, "EUR", $"retour-charge-{id:N}-capture", CancellationToken.None);

        Assert.Equal((ChargeOutcomeKind.Captured, ChargeOutcomeKind.Captured), (taken.Kind, takenAgain.Kind));
        onStripe = await new ChargeService(StripeMock.Client).GetAsync(held.Reference);
        Assert.Equal((13900L, true), (onStripe.AmountCaptured, onStripe.Captured));
    }

    [Fact]
    public async Task Hold_Released_TakesNothing_AndACardWithoutACustomerIsDeclinedWithTheReason()
    {
        var (customer, paid) = await PaidBySavedCardAsync(60m);
        var id = Guid.NewGuid();
        var held = await Stripe.ChargeAsync(new ChargeInstruction(id, paid.Id, customer.Id, 60m, "EUR", false, $"retour-charge-{id:N}"), CancellationToken.None);

        var released = await Stripe.ReleaseAsync(held.Reference!, $"retour-charge-{id:N}-release", CancellationToken.None);

        Assert.Equal(ChargeOutcomeKind.Released, released.Kind);
        var onStripe = await new ChargeService(StripeMock.Client).GetAsync(held.Reference);
        Assert.False(onStripe.Captured);
        Assert.True(onStripe.Refunded);

        var oneOff = await StripeMock.ChargeAsync(20m);
        var other = Guid.NewGuid();
        var declined = await Stripe.ChargeAsync(new ChargeInstruction(other, oneOff.Id, null, 5m, "EUR", true, $"retour-charge-{other:N}"), CancellationToken.None);
        Assert.Equal(ChargeOutcomeKind.Declined, declined.Kind);
        Assert.Contains("customerReference", declined.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DearerExchange_PaidByStripe_HasItsDifferenceChargedOnTheSavedCard()
    {
        var (customer, paid) = await PaidBySavedCardAsync(149m);
        var steps = new Lifecycle(app);
        var sku = $"BOOT-{Guid.NewGuid():N}"[..16];
        var sent = await steps.Api.PutAsJsonAsync(new Uri("/api/v1/catalog/variants", UriKind.Relative), new
        {
            variants = new object[]
            {
                new { sku = sku + "-40", productCode = sku, title = "Boot 40", attributes = new Dictionary<string, string>(), category = "shoes", price = 149m, currency = "EUR", available = 2 },
                new { sku = sku + "-42", productCode = sku, title = "Boot 42", attributes = new Dictionary<string, string>(), category = "shoes", price = 159m, currency = "EUR", available = 1 },
            },
        });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(4, app.Now).ShippedTo("FR", "EUR").WithLine(sku + "-40", 1, 149m).PaidWithTransaction("stripe", paid.Id, 149m).WithCustomerReference(customer.Id));
        var response = await steps.Api.Post("/api/v1/returns", new { orderId = order.Id, lines = new[] { new { orderLineId = order.Lines[0].Id, quantity = 1, reasonCode = "too-small", resolution = "exchange", exchangeSku = sku + "-42" } } }, Guid.NewGuid().ToString());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());

        var r = await steps.StepAsync(await steps.ApproveReceiveInspectAsync(await response.Read<ReturnResponse>()), "resolve");
        r = await steps.WaitForAsync(r.Id, x => x.Charges is [{ Status: ChargeStatus.Captured }], "the difference charged on Stripe");

        var charge = r.Charges![0];
        Assert.StartsWith("ch_", charge.ProviderReference, StringComparison.Ordinal);
        var onStripe = await new ChargeService(StripeMock.Client).GetAsync(charge.ProviderReference);
        Assert.Equal((1000L, true), (onStripe.Amount, onStripe.Captured));
        Assert.Equal((SettlementStatus.AwaitingFulfilment, 10m), (r.Settlements![0].Status, r.Settlements[0].AmountCharged));
    }

    // A customer with a saved card (Stripe's test token tok_visa), and a captured charge on it: the order's payment.
    private static async Task<(Customer Customer, Charge Paid)> PaidBySavedCardAsync(decimal amount)
    {
        var customer = await new CustomerService(StripeMock.Client).CreateAsync(new CustomerCreateOptions { Email = "ada@example.com", Source = "tok_visa" });
        var paid = await new ChargeService(StripeMock.Client).CreateAsync(new ChargeCreateOptions { Amount = StripePaymentProvider.ToMinorUnits(amount, "EUR"), Currency = "eur", Customer = customer.Id });
        return (customer, paid);
    }
}

public sealed class StripeChargeTests_Sqlite(StripeSqliteApp app) : StripeChargeTests(app), IClassFixture<StripeSqliteApp>;

public sealed class StripeChargeTests_Postgres(StripePostgresApp app) : StripeChargeTests(app), IClassFixture<StripePostgresApp>;
