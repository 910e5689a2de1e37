using Microsoft.Playwright;
using Retour.Web.Features.Staff;
using Retour.Web.Tests.Builders;

namespace Retour.Browser.Tests.BackOffice;

/// <summary>An agent works the review queue on a phone: narrows it, ticks two returns and approves them in one go.</summary>
public sealed class ReturnListTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private const string Password = "correct horse battery 9";

    [Fact]
    public async Task Agent_TicksTwoReturnsInTheList_AndApprovesThemTogether()
    {
        var steps = new Lifecycle(browser.App);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(4, browser.App.Now).ForCustomer("Jeanne Martin", "fr-FR").WithLine("TEE-M", 3, 25m));
        var first = await steps.RequestAsync(order);
        browser.App.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await steps.RequestAsync(order);
        browser.App.Clock.Advance(TimeSpan.FromMinutes(5));
        var untouched = await steps.RequestAsync(order);
        var (user, _) = await browser.App.WithScopeAsync<StaffAccounts, (StaffUser?, Domain.Result)>(a => a.CreateAsync("lea@shop.test", "Léa Agent", Password, StaffRoles.Agent, "test", CancellationToken.None));
        Assert.NotNull(user);
        await using var staff = await browser.ShopperAsync(nameof(Agent_TicksTwoReturnsInTheList_AndApprovesThemTogether));
        var page = staff.Page;

        await page.GotoAsync("/backoffice/sign-in");
        await page.GetByLabel("Email").FillAsync("lea@shop.test");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GotoAsync("/backoffice/returns?queue=requested");
        await page.GetByLabel("Return number, order number, email, tracking number or payment id").FillAsync(order.Customer.Email);
        await page.GetByLabel("Sort", new() { Exact = true }).SelectOptionAsync("oldest");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-return]")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("tr[data-return]").First).ToHaveAttributeAsync("data-return", first.Number);
        await staff.StepAsync("list-oldest-first");

        await page.GetByLabel($"Select {first.Number}").CheckAsync();
        await page.GetByLabel($"Select {second.Number}").CheckAsync();
        await Assertions.Expect(page.GetByLabel("Select all on this page")).ToHaveJSPropertyAsync("indeterminate", true);
        await staff.StepAsync("two-ticked");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve selected" }).ClickAsync();

        var result = page.Locator("[data-bulk-result]");
        await Assertions.Expect(result).ToContainTextAsync("2 done, 0 refused");
        await Assertions.Expect(result.Locator($"[data-outcome='{first.Number}']")).ToHaveAttributeAsync("data-done", "true");
        await Assertions.Expect(result.Locator($"[data-outcome='{second.Number}']")).ToHaveAttributeAsync("data-done", "true");
        await Assertions.Expect(page.Locator($"tr[data-return='{first.Number}'] td").Nth(2)).ToHaveTextAsync("Approved");
        await Assertions.Expect(page.Locator($"tr[data-return='{untouched.Number}'] td").Nth(2)).ToHaveTextAsync("Requested");
        await staff.StepAsync("approved");

        await page.GetByLabel("Select all on this page").CheckAsync();
        await Assertions.Expect(page.GetByLabel($"Select {untouched.Number}")).ToBeCheckedAsync();
        await staff.StepAsync("all-ticked");
    }
}
