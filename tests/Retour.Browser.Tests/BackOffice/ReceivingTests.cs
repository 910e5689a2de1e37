using Microsoft.AspNetCore.Identity;
using Microsoft.Playwright;
using Retour.Web.Features.Staff;
using Retour.Web.Tests.Builders;

namespace Retour.Browser.Tests.BackOffice;

/// <summary>A warehouse operator on a phone receives parcels with the keyboard alone: scan, count, confirm — three times Enter.</summary>
public sealed class ReceivingTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private const string Password = "correct horse battery 9";

    [Fact]
    public async Task Receiving_ScanCountConfirm_ByKeyboardAlone_RecordsTheParcelAndIsReadyForTheNext()
    {
        var steps = new Lifecycle(browser.App);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(4, browser.App.Now).ShippedTo("FR", "EUR").ForCustomer("Camille Martin", "fr-FR")
            .WithLine("TEE-M", 2, 24m).WithLine("MUG-BLUE", 1, 18m));
        var requested = await steps.RequestAsync(order, 1, "changed-mind", order.Lines[1].Id);
        var approved = requested.Status == Domain.Returns.ReturnStatus.Approved ? requested : await steps.StepAsync(requested, "approve");
        var teeReturn = await steps.RequestAsync(order, 2, "too-small", order.Lines[0].Id);
        var tee = teeReturn.Status == Domain.Returns.ReturnStatus.Approved ? teeReturn : await steps.StepAsync(teeReturn, "approve");
        await CreateWarehouseOperatorAsync("dock@shop.test", "WH-LYON");
        await using var staff = await browser.ShopperAsync(nameof(Receiving_ScanCountConfirm_ByKeyboardAlone_RecordsTheParcelAndIsReadyForTheNext));
        var page = staff.Page;

        await page.GotoAsync("/backoffice/sign-in");
        await page.GetByLabel("Email").FillAsync("dock@shop.test");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/backoffice/?$"));
        await page.GotoAsync("/backoffice/receiving");

        var scan = page.GetByLabel("Scan the parcel's label");
        await Assertions.Expect(scan).ToBeFocusedAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Receiving · Lyon warehouse" })).ToBeVisibleAsync();
        await staff.StepAsync("scan");

        // 1: the scanner types the label's QR code and Enter.
        await page.Keyboard.TypeAsync(approved.Number);
        await page.Keyboard.PressAsync("Enter");
        var count = page.Locator("#count-0");
        await Assertions.Expect(count).ToBeFocusedAsync();
        await Assertions.Expect(count).ToHaveValueAsync("1");
        await staff.StepAsync("count");

        // 2: the count is right: Enter.
        await page.Keyboard.PressAsync("Enter");
        var confirm = page.GetByRole(AriaRole.Button, new() { Name = "Confirm receipt" });
        await Assertions.Expect(confirm).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("[data-receiving=\"MUG-BLUE\"]")).ToContainTextAsync("1 received");
        await staff.StepAsync("confirm");

        // 3: Enter confirms; the field is ready for the next parcel.
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator($"[data-received=\"{approved.Number}\"]")).ToContainTextAsync("Every approved unit is in.");
        await Assertions.Expect(scan).ToBeFocusedAsync();
        await staff.StepAsync("received");

        // The next parcel holds one of the two T-shirts, typed as a person would: number in lower case, without R-.
        await page.Keyboard.TypeAsync(tee.Number[2..].ToLowerInvariant());
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(count).ToHaveValueAsync("2");
        await page.Keyboard.TypeAsync("1");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-missing=\"TEE-M\"]")).ToContainTextAsync("1 missing");
        await Assertions.Expect(confirm).ToBeFocusedAsync();
        await staff.StepAsync("confirm-missing");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator($"[data-received=\"{tee.Number}\"]")).ToContainTextAsync("More expected: 1 × TEE-M");
        await staff.StepAsync("received-partly");

        await page.GotoAsync($"/backoffice/returns/{tee.Number}");
        await Assertions.Expect(page.Locator("[data-discrepancy=\"Missing\"]")).ToContainTextAsync("TEE-M");
        await staff.StepAsync("return-page");
    }

    [Fact]
    public async Task Receiving_AnUnannouncedParcel_IsMatchedToItsOrderByKeyboard()
    {
        var steps = new Lifecycle(browser.App);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(4, browser.App.Now).ShippedTo("FR", "EUR").WithLine("BOOT-42", 1, 149m));
        await CreateWarehouseOperatorAsync("yard@shop.test", "WH-LYON");
        await using var staff = await browser.ShopperAsync(nameof(Receiving_AnUnannouncedParcel_IsMatchedToItsOrderByKeyboard));
        var page = staff.Page;
        await page.GotoAsync("/backoffice/sign-in");
        await page.GetByLabel("Email").FillAsync("yard@shop.test");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/backoffice/?$"));
        await page.GotoAsync("/backoffice/receiving");

        await page.Keyboard.TypeAsync("CARRIER-SLIP-0042");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Unannounced parcel" })).ToBeVisibleAsync();
        await staff.StepAsync("no-match");
        await page.GetByLabel("Order number or customer email").FillAsync(order.Customer.Email);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#count-0")).ToBeFocusedAsync();
        await staff.StepAsync("count");
        await page.Keyboard.PressAsync("Enter");
        await staff.StepAsync("confirm");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-received]")).ToContainTextAsync("Every approved unit is in.");
        await staff.StepAsync("received");
    }

    private Task<bool> CreateWarehouseOperatorAsync(string email, string location) =>
        browser.App.WithScopeAsync<StaffAccounts, bool>(async accounts =>
        {
            var (user, result) = await accounts.CreateAsync(email, "Dock " + email.Split('@')[0], Password, StaffRoles.Warehouse, "test", CancellationToken.None);
            Assert.True(user is not null, string.Join(" ", result.Errors.Select(e => e.Message)));
            await browser.App.WithScopeAsync<UserManager<StaffUser>, IdentityResult>(async users =>
            {
                var found = await users.FindByEmailAsync(email);
                found!.Location = location;
                return await users.UpdateAsync(found);
            });
            return true;
        });
}
