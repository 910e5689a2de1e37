using Microsoft.Playwright;
using Retour.Domain.Policies;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;
using SkiaSharp;

namespace Retour.Browser.Tests.Portal;

/// <summary>A reason that needs photos: the portal asks for one, refuses what is not a photo, and sends the return with it.</summary>
public sealed class PortalPhotoTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task PhotoRequiredReason_AsksForAPhotoRefusesOtherFilesAndSendsTheReturnWithIt()
    {
        var standard = DefaultPolicies.Standard();
        await new PolicySteps(browser.App.Api()).PublishAsync(standard with
        {
            Reasons = [.. standard.Reasons.Select(r => r.Code == "damaged-in-transit" ? r with { PhotoRequired = true } : r)],
        });
        var order = await new Lifecycle(browser.App).ImportAsync(AnOrder.DeliveredDaysAgo(2, browser.App.Now).ShippedTo("FR", "EUR").WithLine("MUG-BLUE", 1, 18m));
        await using var shopper = await browser.ShopperAsync(nameof(PhotoRequiredReason_AsksForAPhotoRefusesOtherFilesAndSendsTheReturnWithIt));
        var page = shopper.Page;
        await page.GotoAsync("/portal");
        await page.Locator("#order-number").FillAsync(order.Number);
        await page.Locator("#email-or-postcode").FillAsync(order.Customer.Email);
        await page.Locator("form button[type=submit]").ClickAsync();
        var mug = page.Locator("[data-sku='MUG-BLUE']");
        await mug.GetByLabel("Return this item").CheckAsync();
        await mug.GetByLabel("Reason").SelectOptionAsync(new SelectOptionValue { Label = "Damaged in transit" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Assertions.Expect(mug.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Add at least one photo showing the problem.");
        await shopper.StepAsync("photo-missing");
        await mug.GetByLabel("Return this item").CheckAsync();
        await mug.GetByLabel("Photos").SetInputFilesAsync(new FilePayload { Name = "broken.jpg", MimeType = "image/jpeg", Buffer = "not really a photo"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Assertions.Expect(mug.GetByRole(AriaRole.Alert)).ToHaveTextAsync("One of the files is not a photo: use JPEG, PNG or WebP.");
        await shopper.StepAsync("not-a-photo");
        await mug.GetByLabel("Return this item").CheckAsync();
        await mug.GetByLabel("Photos").SetInputFilesAsync(new FilePayload { Name = "broken-mug.png", MimeType = "image/png", Buffer = Png() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-photos='1']")).ToHaveTextAsync("Photos attached: 1");
        await shopper.StepAsync("review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my return" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your return is registered");
        var number = (await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync())!.Replace("Return ", string.Empty, StringComparison.Ordinal);
        var stored = await (await browser.App.Api().GetAsync(new Uri($"/api/v1/returns/by-number/{number}", UriKind.Relative))).Content.ReadAsStringAsync();
        Assert.Matches("\"photos\":\\[\"[0-9a-f]{32}\"\\]", stored);
    }

    private static byte[] Png()
    {
        using var bitmap = new SKBitmap(120, 80);
        bitmap.Erase(new SKColor(30, 90, 160));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
