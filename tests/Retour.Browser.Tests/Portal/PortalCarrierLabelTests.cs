using Microsoft.Playwright;
using Retour.Domain.Returns;
using Retour.Web.Features.Returns;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Browser.Tests.Portal;

/// <summary>A host whose shop has its own carrier account: labels with box-free drop-off codes and home pickup.</summary>
public sealed class CarrierBrowserApp : BrowserApp
{
    /// <inheritdoc />
    protected override void Configure(RetourApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Settings["Carriers:Default"] = "own";
        app.Settings["Carriers:ReturnsCountry"] = "FR";
        app.Settings["Carriers:Own:Enabled"] = "true";
        app.Settings["Carriers:Own:DisplayName"] = "Demo Post";
        app.Settings["Carriers:Own:Ranges:0:ServiceIndicator"] = "RR";
        app.Settings["Carriers:Own:Ranges:0:First"] = "10000000";
        app.Settings["Carriers:Own:Ranges:0:Last"] = "10999999";
        app.Settings["Carriers:Own:Ranges:0:Country"] = "FR";
        app.Settings["Carriers:Own:LabelCost"] = "4.90";
        app.Settings["Carriers:Own:CostCurrency"] = "EUR";
        app.Settings["Carriers:Own:ValidDays"] = "14";
        app.Settings["Carriers:Own:DropOffCodes"] = "true";
        app.Settings["Carriers:Own:Pickup:Enabled"] = "true";
        app.Settings["Carriers:Own:Pickup:CutOff"] = "18:00";
    }
}

/// <summary>On their phone, a shopper gets the return label from the shop's carrier, sees the drop-off code and books a pickup.</summary>
public sealed class PortalCarrierLabelTests(CarrierBrowserApp browser) : IClassFixture<CarrierBrowserApp>
{
    [Fact]
    public async Task Shopper_GetsALabelWithADropOffCode_AndBooksAHomePickup()
    {
        var steps = new Lifecycle(browser.App);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, browser.App.Now).ShippedTo("FR", "EUR").WithLine("CHINO-32", 1, 69m));
        var opened = await steps.Api.Post("/api/v1/returns", new { orderId = order.Id, method = "pickup", lines = new[] { new { orderLineId = order.Lines[0].Id, quantity = 1, reasonCode = "too-large" } } }, Guid.NewGuid().ToString());
        var requested = await opened.Read<ReturnResponse>();
        var approved = requested.Status == ReturnStatus.Approved ? requested : await steps.StepAsync(requested, "approve");
        await using var shopper = await browser.ShopperAsync(nameof(Shopper_GetsALabelWithADropOffCode_AndBooksAHomePickup));
        var page = shopper.Page;

        await page.GotoAsync("/portal");
        await page.Locator("#order-number").FillAsync(order.Number);
        await page.Locator("#email-or-postcode").FillAsync(order.Customer.Email);
        await page.Locator("form button[type=submit]").ClickAsync();
        await page.GotoAsync($"/portal/returns/{approved.Number}");
        await shopper.StepAsync("approved");
        await page.GetByRole(AriaRole.Button, new() { Name = "Get my return label" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-carrier-label]")).ToContainTextAsync("RR1");
        await Assertions.Expect(page.Locator("[data-drop-off] svg")).ToBeVisibleAsync();
        await shopper.StepAsync("label");

        // A Wednesday at least two days ahead: a day the carrier collects, past its cut-off for tomorrow.
        var wednesday = DateOnly.FromDateTime(browser.App.Now.UtcDateTime).AddDays(2);
        while (wednesday.DayOfWeek != DayOfWeek.Wednesday)
        {
            wednesday = wednesday.AddDays(1);
        }
        await page.GetByLabel("Pickup day").FillAsync(wednesday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Book the pickup" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-pickup-booked]")).ToHaveAttributeAsync("data-pickup-booked", wednesday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await shopper.StepAsync("pickup");
    }
}
