using System.Net.Http.Json;
using Microsoft.Playwright;
using Retour.Domain.Policies;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Browser.Tests.Portal;

/// <summary>A shopper asks for their new size at once (an instant exchange) and follows the hold on their return's page.</summary>
public sealed class PortalInstantExchangeTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task InstantExchange_TickedInThePortal_ShowsTheHoldThenTheItemOnItsWay()
    {
        var standard = DefaultPolicies.Standard();
        await new PolicySteps(browser.App.Api()).PublishAsync(standard with
        {
            Resolutions = standard.Resolutions with { InstantExchangeDays = 7 },
            Automation = new AutomationRules(AutoApprove: true),
        });
        var catalogue = await browser.App.Api().PutAsJsonAsync(new Uri("/api/v1/catalog/variants", UriKind.Relative), new
        {
            variants = new[]
            {
                new { sku = "PARKA-M", productCode = "PARKA", title = "Parka M", attributes = new Dictionary<string, string> { ["size"] = "M" }, category = "coats", price = 129.00m, currency = "EUR", available = 3 },
                new { sku = "PARKA-L", productCode = "PARKA", title = "Parka L", attributes = new Dictionary<string, string> { ["size"] = "L" }, category = "coats", price = 129.00m, currency = "EUR", available = 2 },
            },
        });
        Assert.True(catalogue.IsSuccessStatusCode, await catalogue.Content.ReadAsStringAsync());
        var order = await new Lifecycle(browser.App).ImportAsync(AnOrder.DeliveredDaysAgo(3, browser.App.Now).ShippedTo("FR", "EUR").WithLine("PARKA-M", 1, 129m));
        await using var shopper = await browser.ShopperAsync(nameof(InstantExchange_TickedInThePortal_ShowsTheHoldThenTheItemOnItsWay));
        var page = shopper.Page;
        await page.GotoAsync("/portal");
        await page.Locator("#order-number").FillAsync(order.Number);
        await page.Locator("#email-or-postcode").FillAsync(order.Customer.Email);
        await page.Locator("form button[type=submit]").ClickAsync();

        var parka = page.Locator("[data-sku='PARKA-M']");
        await parka.GetByLabel("Return this item").CheckAsync();
        await parka.GetByLabel("Reason").SelectOptionAsync(new SelectOptionValue { Label = "Too small" });
        await parka.GetByLabel("Exchange for another size or colour").CheckAsync();
        await parka.Locator("select[name$='ExchangeSku']").SelectOptionAsync("PARKA-L");
        await Assertions.Expect(parka.GetByText("If it is not sent within 7 days, the hold is charged.")).ToBeVisibleAsync();
        await parka.GetByLabel("Send my new item now").CheckAsync();
        await shopper.StepAsync("chosen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-instant]")).ToHaveTextAsync("Ships now: €129.00 held on your card until your parcel is on its way (within 7 days).");
        await shopper.StepAsync("review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my return" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your return is registered");

        // Approved by the policy at once; the worker places the hold, then the shop is told to ship.
        var held = page.Locator("[data-charge-status='Held']");
        for (var i = 0; i < 40 && await held.CountAsync() == 0; i++)
        {
            await Task.Delay(250);
            await page.ReloadAsync();
        }

        await Assertions.Expect(held).ToHaveTextAsync("Your new item is on its way. A hold of €129.00 stays on your card until your parcel is on its way.");
        await shopper.StepAsync("status");
        var number = (await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync())!.Replace("Return ", string.Empty, StringComparison.Ordinal);
        var stored = await browser.App.Api().GetStringAsync(new Uri($"/api/v1/returns/by-number/{number}", UriKind.Relative));
        Assert.Contains("\"instantExchange\":true", stored, StringComparison.Ordinal);
        Assert.Contains("\"instant\":true,", stored, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"awaitingFulfilment\"", stored, StringComparison.Ordinal);
    }
}
