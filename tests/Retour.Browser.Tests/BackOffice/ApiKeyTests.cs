using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using Retour.Web.Features.Staff;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Browser.Tests.BackOffice;

/// <summary>An administrator connects a helpdesk: makes it a scoped key, sees it once, and revokes it later.</summary>
public sealed class ApiKeyTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Admin_MakesAHelpdeskKey_SeesItOnce_ThenRevokesIt()
    {
        await StaffSession.CreateAsync(browser.App, "ines@shop.test", StaffRoles.Admin);
        await using var admin = await browser.ShopperAsync(nameof(Admin_MakesAHelpdeskKey_SeesItOnce_ThenRevokesIt), width: 1280);
        var page = admin.Page;

        await page.GotoAsync("/backoffice/sign-in");
        await page.GetByLabel("Email").FillAsync("ines@shop.test");
        await page.GetByLabel("Password").FillAsync(StaffSession.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await page.GetByLabel("What it is for").FillAsync("Zendesk");
        await page.Locator("input[name=Scopes][value='returns:read']").CheckAsync();
        await page.Locator("input[name=Scopes][value='returns:write']").CheckAsync();
        await page.GetByLabel("Acts as (for staff decisions)").SelectOptionAsync(StaffRoles.Agent);
        await admin.StepAsync("form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Make the key" }).ClickAsync();

        var key = await page.Locator("[data-secret] code").InnerTextAsync();
        await Assertions.Expect(page.Locator("tr[data-key] [data-state]")).ToHaveTextAsync("live");
        await admin.StepAsync("made");
        using var helpdesk = browser.App.CreateClient();
        helpdesk.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await helpdesk.GetAsync(new Uri("/api/v1/returns", UriKind.Relative))).StatusCode);

        await page.GotoAsync("/backoffice/api-keys");
        await Assertions.Expect(page.Locator("[data-secret]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("tr[data-key] [data-last-used]")).Not.ToHaveTextAsync("never");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-key] [data-state]")).ToContainTextAsync("revoked");
        await admin.StepAsync("revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, (await helpdesk.GetAsync(new Uri("/api/v1/returns", UriKind.Relative))).StatusCode);
    }
}
