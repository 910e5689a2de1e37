using Microsoft.Playwright;
using Retour.Web.Features.Staff;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Browser.Tests.BackOffice;

/// <summary>
/// A returns manager, new to Retour, answers issue #8's three questions from the dashboard: which products come back
/// most and why, what returns cost, and who the serial returners are — on a laptop and on a phone.
/// </summary>
public sealed class AnalyticsTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task ReturnsManager_FindsTheProductsThatComeBackAndWhy_TheCost_AndTheSerialReturners()
    {
        var app = browser.App;
        var steps = new Lifecycle(app);

        // Tees come back too small; one customer sent back everything they bought, in three returns.
        for (var i = 0; i < 3; i++)
        {
            var tees = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(6 + i, app.Now).ShippedTo("FR", "EUR").WithLine("TEE-M", 2, 25m).WithLine("JEANS-32", 1, 80m).InCategory("bottoms"));
            await steps.StepAsync(await steps.RequestAsync(tees, 1, "too-small", tees.Lines[0].Id), "approve");
        }

        var serial = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(4, app.Now).ShippedTo("DE", "EUR").WithLine("TEE-M", 1, 25m).WithLine("JEANS-32", 1, 80m).InCategory("bottoms").WithLine("SCARF", 1, 30m).InCategory("accessories"));
        foreach (var (line, reason) in serial.Lines.Zip(["changed-mind", "too-large", "not-as-described"]))
        {
            await steps.RequestAsync(serial, 1, reason, line.Id);
        }

        await StaffSession.CreateAsync(app, "maya@shop.test", StaffRoles.Manager);
        await using var manager = await browser.ShopperAsync(nameof(ReturnsManager_FindsTheProductsThatComeBackAndWhy_TheCost_AndTheSerialReturners), width: 1280);
        var page = manager.Page;
        await page.GotoAsync("/backoffice/sign-in");
        await page.GetByLabel("Email").FillAsync("maya@shop.test");
        await page.GetByLabel("Password").FillAsync(StaffSession.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // Return rates: the totals, and the rate by reason with its chart.
        await page.GetByRole(AriaRole.Link, new() { Name = "Analytics" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Return rates", Level = 1 })).ToBeVisibleAsync();
        var totals = page.GetByRole(AriaRole.Region, new() { Name = "Totals" });
        await Assertions.Expect(totals).ToContainTextAsync("12"); // units sold: 3 × 3 + 3
        await Assertions.Expect(totals).ToContainTextAsync("50.0 %"); // 6 units returned of 12
        var byReason = page.GetByRole(AriaRole.Region, new() { Name = "By reason" });
        await Assertions.Expect(byReason.Locator("svg")).ToHaveCountAsync(1);
        await Assertions.Expect(byReason.Locator("table")).ToContainTextAsync("too-small");
        await manager.StepAsync("rates");

        // Which products come back most, and why; then that product's returns.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Analytics" }).GetByRole(AriaRole.Link, new() { Name = "Products" }).ClickAsync();
        var top = page.Locator("table tbody tr").First;
        await Assertions.Expect(top).ToContainTextAsync("Product TEE-M");
        await Assertions.Expect(top).ToContainTextAsync("too-small");
        await manager.StepAsync("products");
        await top.GetByRole(AriaRole.Link, new() { Name = "Product TEE-M" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Returns of Product TEE-M" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Returns of Product TEE-M" }) }).Locator("tbody tr")).ToHaveCountAsync(4);
        await manager.StepAsync("product-returns");

        // The CSV export of the table in view is a spreadsheet of the same rows.
        var csv = await page.Context.APIRequest.GetAsync(await page.GetByRole(AriaRole.Link, new() { Name = "CSV" }).First.GetAttributeAsync("href") ?? "/");
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("text/csv", csv.Headers["content-type"], StringComparison.Ordinal);
        Assert.Contains("Product TEE-M", await csv.TextAsync(), StringComparison.Ordinal);

        // Who returns too much: the customer who sent everything back, with their returns one click away.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Analytics" }).GetByRole(AriaRole.Link, new() { Name = "Serial returners" }).ClickAsync();
        var returner = page.Locator("table tbody tr", new() { HasText = serial.Customer.Email });
        await Assertions.Expect(returner).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("table tbody tr")).ToHaveCountAsync(1);
        await manager.StepAsync("serial-returners");

        // The usual periods are one click away, the other fields of the filter kept.
        var periods = page.GetByRole(AriaRole.Navigation, new() { Name = "Period" });
        await Assertions.Expect(periods.GetByRole(AriaRole.Link, new() { Name = "Last 90 days" })).ToHaveAttributeAsync("aria-current", "true");
        await periods.GetByRole(AriaRole.Link, new() { Name = "Last 365 days" }).ClickAsync();
        var today = DateOnly.FromDateTime(app.Now.UtcDateTime);
        await Assertions.Expect(page.Locator("#f-from")).ToHaveValueAsync(today.AddDays(-364).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(periods.GetByRole(AriaRole.Link, new() { Name = "Last 365 days" })).ToHaveAttributeAsync("aria-current", "true");
        await Assertions.Expect(page.Locator("table tbody tr", new() { HasText = serial.Customer.Email })).ToHaveCountAsync(1);
        await manager.StepAsync("serial-returners-last-365-days");
        var serialCsv = await page.Context.APIRequest.GetAsync(await page.GetByRole(AriaRole.Link, new() { Name = "CSV" }).GetAttributeAsync("href") ?? "/");
        Assert.Contains(serial.Customer.Email, await serialCsv.TextAsync(), StringComparison.Ordinal);

        // Calendar periods too: the year to date starts on the 1st of January.
        await periods.GetByRole(AriaRole.Link, new() { Name = "Year to date" }).ClickAsync();
        await Assertions.Expect(page.Locator("#f-from")).ToHaveValueAsync($"{today.Year}-01-01");
        await Assertions.Expect(periods.GetByRole(AriaRole.Link, new() { Name = "Year to date" })).ToHaveAttributeAsync("aria-current", "true");
        await Assertions.Expect(page.Locator("table tbody tr", new() { HasText = serial.Customer.Email })).ToHaveCountAsync(1);
        await manager.StepAsync("serial-returners-year-to-date");

        // What returns cost.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Analytics" }).GetByRole(AriaRole.Link, new() { Name = "Cost, speed and retention" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("EUR");
        await manager.StepAsync("cost");
        var costs = await page.Context.APIRequest.GetAsync(await page.Locator("section[aria-labelledby=costs] a.actions").GetAttributeAsync("href") ?? "/");
        Assert.Equal(200, costs.Status);
        Assert.StartsWith("currency,returns,", await costs.TextAsync(), StringComparison.Ordinal);

        // The same pages on a phone: tables and charts stack, nothing overflows sideways.
        await page.SetViewportSizeAsync(390, 844);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Analytics" }).GetByRole(AriaRole.Link, new() { Name = "Return rates" }).ClickAsync();
        await manager.StepAsync("rates-phone");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 1, $"the page is {overflow}px wider than a phone");

        await returner.Page.GotoAsync("/backoffice/analytics/customers");
        await page.Locator("table tbody tr").First.GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync(serial.Number);
        await manager.StepAsync("returner-returns-phone");
    }
}
