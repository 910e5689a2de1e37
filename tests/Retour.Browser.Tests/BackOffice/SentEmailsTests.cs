using Microsoft.Playwright;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Browser.Tests.BackOffice;

/// <summary>The first administrator sets the back office up and reads the email a rejected customer got.</summary>
public sealed class SentEmailsTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task FirstRun_ThenARejectedReturnsEmail_IsReadableInTheBackOffice()
    {
        var steps = new Lifecycle(browser.App);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(4, browser.App.Now).ShippedTo("IT", "EUR").ForCustomer("Giulia Rossi", "it-IT").WithLine("BOOT-42", 1, 149m));
        var requested = await steps.RequestAsync(order, reason: "changed-mind");
        await steps.StepAsync(requested, "reject", new { message = "Le scarpe risultano indossate all'esterno." });
        await using var staff = await browser.ShopperAsync(nameof(FirstRun_ThenARejectedReturnsEmail_IsReadableInTheBackOffice), width: 1280);
        var page = staff.Page;

        await page.GotoAsync("/backoffice");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/backoffice/setup$"));
        await staff.StepAsync("first-run");
        await page.GetByLabel("Your name").FillAsync("Ada Admin");
        await page.GetByLabel("Email").FillAsync("ada@shop.test");
        await page.GetByLabel("Password").FillAsync("correct horse battery 9");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create and sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hello Ada Admin" })).ToBeVisibleAsync();
        await staff.StepAsync("home");

        await page.GetByRole(AriaRole.Link, new() { Name = "Sent emails" }).ClickAsync();
        var row = page.Locator("tr", new() { HasText = requested.Number }).Filter(new() { HasText = "non è stato accettato" });
        await Assertions.Expect(row).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await staff.StepAsync("emails");
        await row.GetByRole(AriaRole.Link).ClickAsync();

        var mail = page.FrameLocator("iframe.mail");
        await Assertions.Expect(mail.Locator("[data-quote]")).ToHaveTextAsync("Le scarpe risultano indossate all'esterno.");
        await staff.StepAsync("email");
    }
}
