using Microsoft.Playwright;
using Retour.Web.Features.Staff;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Browser.Tests.BackOffice;

/// <summary>A customer without a receipt brings an online order's jacket to the Paris store.</summary>
public sealed class StoreReturnTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task StoreAssociate_TakesBackAReceiptLessOnlineOrder()
    {
        var steps = new Lifecycle(browser.App);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(8, browser.App.Now).ShippedTo("FR", "EUR").ForCustomer("Léa Martin", "fr-FR").WithLine("JACKET-M", 1, 129m).WithLine("SCARF-RED", 1, 35m));
        await StaffSession.CreateAsync(browser.App, "paris@shop.test", StaffRoles.StoreAssociate, "STORE-PARIS");
        await using var staff = await browser.ShopperAsync(nameof(StoreAssociate_TakesBackAReceiptLessOnlineOrder), width: 1024);
        var page = staff.Page;

        await page.GotoAsync("/backoffice/sign-in");
        await page.GetByLabel("Email").FillAsync("paris@shop.test");
        await page.GetByLabel("Password").FillAsync(StaffSession.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Store counter" }).ClickAsync();
        var search = page.GetByLabel("Return number, order number, email or payment id");
        await search.FillAsync(order.Payments[0].TransactionId);
        await search.PressAsync("Enter");
        var jacket = page.Locator("tr[data-line='JACKET-M']");
        await Assertions.Expect(jacket.Locator("[data-outcome]")).ToContainTextAsync("Returnable");
        await staff.StepAsync("order-found");

        await jacket.GetByLabel("Units back").FillAsync("1");
        await jacket.GetByLabel("Reason").SelectOptionAsync("too-small");
        await jacket.GetByLabel("Condition").SelectOptionAsync("LikeNew");
        await Assertions.Expect(jacket.GetByLabel("Goes to")).ToHaveValueAsync("Restock");
        await staff.StepAsync("item");
        await page.GetByRole(AriaRole.Button, new() { Name = "Take back and refund" }).ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Return R-");
        await Assertions.Expect(page.Locator("[data-unit]")).ToContainTextAsync("LikeNew → Restock at STORE-PARIS");
        await Assertions.Expect(page.Locator("tr[data-refund='Items']")).ToContainTextAsync("129.00 EUR");
        await staff.StepAsync("taken-back");

        await page.GetByRole(AriaRole.Link, new() { Name = "Stock", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("STORE-PARIS");
        await staff.StepAsync("stock");
    }
}
