using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;
using SkiaSharp;

namespace Retour.Browser.Tests.BackOffice;

/// <summary>A warehouse operator inspects a received return, restocks one unit and sends one to refurbish, then finds it in stock.</summary>
public sealed class InspectionTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task WarehouseOperator_InspectsAReturnRestocksOneUnitAndSeesItAvailable()
    {
        var app = browser.App;
        var steps = new Lifecycle(app);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(4, app.Now).ShippedTo("FR", "EUR").ForCustomer("Claire Martin", "fr-FR").WithLine("BOOT-42", 1, 149m).WithLine("SCARF-RED", 1, 39m));
        var requested = await steps.RequestAsync(order, reason: "changed-mind");
        var approved = await steps.StepAsync(requested, "approve");
        await steps.StepAsync(approved, "receipts", new ReceiveItemsRequest([.. approved.Lines.Select(l => new ReceivedLine(l.Id, l.ApprovedQuantity))]));
        var (user, _) = await app.WithScopeAsync<StaffAccounts, (StaffUser?, Domain.Result)>(a => a.CreateAsync("dock@shop.test", "Dana Dock", StaffSession.Password, StaffRoles.Warehouse, "test", CancellationToken.None));
        await app.WithScopeAsync<RetourDbContext, int>(db => db.Users.Where(u => u.Id == user!.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Location, "WH-LYON")));
        await using var staff = await browser.ShopperAsync(nameof(WarehouseOperator_InspectsAReturnRestocksOneUnitAndSeesItAvailable), width: 1280);
        var page = staff.Page;

        await page.GotoAsync("/backoffice/sign-in");
        await page.GetByLabel("Email").FillAsync("dock@shop.test");
        await page.GetByLabel("Password").FillAsync(StaffSession.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GotoAsync($"/backoffice/returns/{requested.Number}");
        await staff.StepAsync("received-return");
        await page.GetByRole(AriaRole.Link, new() { Name = "Inspect received units" }).ClickAsync();
        var boot = page.Locator("form[data-unit='BOOT-42']");
        await Assertions.Expect(boot.GetByLabel("SKU on the item")).ToBeFocusedAsync();
        await Assertions.Expect(boot.GetByLabel("Restock at")).ToHaveValueAsync("WH-LYON");
        await staff.StepAsync("inspect");
        await page.SetViewportSizeAsync(390, 844);
        await staff.StepAsync("inspect-phone");
        await page.SetViewportSizeAsync(1280, 844);

        // The keyboard path: scan the SKU, Enter saves. A unit that is not what was shipped cannot go back to stock.
        await page.Keyboard.TypeAsync("BOOT-43");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(boot.GetByRole(AriaRole.Alert)).ToContainTextAsync("is not the BOOT-42 shipped to this customer");
        await Assertions.Expect(boot.GetByLabel("SKU on the item")).ToBeFocusedAsync();
        await staff.StepAsync("wrong-item-refused");
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("BOOT-42");
        await boot.GetByLabel("Condition").SelectOptionAsync("New");
        await boot.GetByLabel("Disposition").SelectOptionAsync("Restock");
        await boot.GetByLabel("SKU on the item").PressAsync("Enter");
        var scarf = page.Locator("form[data-unit='SCARF-RED']");
        await Assertions.Expect(page.Locator("form[data-unit='BOOT-42']")).ToHaveCountAsync(0);
        await staff.StepAsync("first-unit-saved");

        await scarf.GetByLabel("SKU on the item").FillAsync("SCARF-RED");
        await scarf.GetByLabel("Condition").SelectOptionAsync("Used");
        await scarf.GetByLabel("Disposition").SelectOptionAsync("Refurbish");
        await scarf.GetByLabel("Photos").SetInputFilesAsync(new FilePayload { Name = "pulled-thread.png", MimeType = "image/png", Buffer = Png() });
        await scarf.GetByLabel("Notes").FillAsync("Pulled thread on one edge.");
        await staff.StepAsync("second-unit");
        await scarf.GetByRole(AriaRole.Button, new() { Name = "Save unit 1 of SCARF-RED" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/backoffice/returns/{requested.Number}$"));
        await Assertions.Expect(page.Locator("[data-status]")).ToContainTextAsync("Inspected");
        await Assertions.Expect(page.Locator("tr[data-line='BOOT-42']")).ToContainTextAsync("New → Restock at WH-LYON");
        await Assertions.Expect(page.Locator("tr[data-line='SCARF-RED'] img[alt='Inspection photo']")).ToHaveCountAsync(1);
        await staff.StepAsync("inspected");

        await page.GetByRole(AriaRole.Link, new() { Name = "Stock", Exact = true }).ClickAsync();
        await page.GetByLabel("SKU starts with").FillAsync("BOOT");
        await page.GetByLabel("SKU starts with").PressAsync("Enter");
        var level = page.Locator("tr[data-stock='BOOT-42@WH-LYON']");
        await Assertions.Expect(level.Locator("[data-available]")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("tr[data-stock^='SCARF-RED']")).ToHaveCountAsync(0);
        await staff.StepAsync("stock");
        await level.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.Locator("#movements + .scroll tr[data-movement]")).ToContainTextAsync(requested.Number);
        await staff.StepAsync("movements");
        await page.SetViewportSizeAsync(390, 844);
        await staff.StepAsync("movements-phone");
    }

    private static byte[] Png()
    {
        using var bitmap = new SKBitmap(64, 48);
        bitmap.Erase(new SKColor(180, 40, 40));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
