using Microsoft.Playwright;
using Retour.Web.Features.Staff;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Browser.Tests.BackOffice;

/// <summary>A customer calls: the agent finds the order by email and opens the return for them, with the helpdesk ticket.</summary>
public sealed class AgentReturnTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Agent_OpensAReturnForACustomerWhoCalled()
    {
        var steps = new Lifecycle(browser.App);
        var builder = AnOrder.DeliveredDaysAgo(6, browser.App.Now).ShippedTo("DE", "EUR").ForCustomer("Jonas Weber", "de-DE").WithLine("JACKET-M", 1, 129m).WithLine("SCARF-RED", 1, 35m);
        await steps.ImportAsync(builder);
        await StaffSession.CreateAsync(browser.App, "al@shop.test", StaffRoles.Agent);
        await using var staff = await browser.ShopperAsync(nameof(Agent_OpensAReturnForACustomerWhoCalled), width: 1280);
        var page = staff.Page;

        await page.GotoAsync("/backoffice/sign-in");
        await page.GetByLabel("Email").FillAsync("al@shop.test");
        await page.GetByLabel("Password").FillAsync(StaffSession.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New return" }).ClickAsync();
        await page.GetByLabel("Order number or customer email").FillAsync(builder.Email);
        await page.GetByLabel("Order number or customer email").PressAsync("Enter");
        await Assertions.Expect(page.Locator("tr[data-line='JACKET-M'] [data-outcome]")).ToContainTextAsync("Returnable");
        await staff.StepAsync("order");

        var jacket = page.Locator("tr[data-line='JACKET-M']");
        await jacket.GetByLabel("Units back").FillAsync("1");
        await jacket.GetByLabel("Reason").SelectOptionAsync("too-small");
        await jacket.GetByLabel("What the customer said").FillAsync("Sleeves too short, wants store credit.");
        await jacket.GetByLabel("Customer gets").SelectOptionAsync("StoreCredit");
        await page.GetByLabel("Helpdesk ticket").FillAsync("ZD-48213");
        await staff.StepAsync("filled");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the return" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-ticket]")).ToHaveTextAsync("ZD-48213");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Return R-");
        await Assertions.Expect(page.Locator("tr[data-line='JACKET-M']")).ToContainTextAsync("StoreCredit");
        await staff.StepAsync("opened");
    }
}
