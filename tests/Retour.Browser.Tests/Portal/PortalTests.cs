using System.Net.Http.Json;
using Microsoft.Playwright;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;
using Retour.Web.Tests.Notifications;

namespace Retour.Browser.Tests.Portal;

/// <summary>A shopper returns items in the portal, in a real browser, without JavaScript being needed.</summary>
public sealed class PortalTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Refund_HappyPath_FindsTheOrderChoosesAnItemReviewsAndConfirms()
    {
        var order = await ImportAsync("refund", "FR", "EUR", o => o.WithLine("TEE-M", 2, 24m).WithLine("JEANS-32", 1, 89m));
        await using var shopper = await browser.ShopperAsync(nameof(Refund_HappyPath_FindsTheOrderChoosesAnItemReviewsAndConfirms));
        var page = shopper.Page;

        await page.GotoAsync("/portal");
        await shopper.StepAsync("find");
        await page.GetByLabel("Order number").FillAsync(order.Number);
        await page.GetByLabel("Email address or postcode").FillAsync(order.Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find my order" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {order.Number}" })).ToBeVisibleAsync();
        await shopper.StepAsync("order");
        var tee = page.Locator("[data-sku='TEE-M']");
        await tee.GetByLabel("Return this item").CheckAsync();
        await tee.GetByLabel("Quantity").SelectOptionAsync("2");
        await tee.GetByLabel("Reason").SelectOptionAsync(new SelectOptionValue { Label = "Too small" });
        await page.GetByLabel("Show a QR code at a drop-off point").CheckAsync();
        await shopper.StepAsync("chosen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your return" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-amount='total']")).ToHaveTextAsync("€48.00");
        await Assertions.Expect(page.Locator("[data-method='DropOff']")).ToBeVisibleAsync();
        await shopper.StepAsync("review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my return" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new("^Return R-") })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your return is registered");
        await Assertions.Expect(page.Locator("[data-step='Step_Requested']")).ToHaveClassAsync("done");
        await shopper.StepAsync("status");
        var number = (await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync())!.Replace("Return ", string.Empty, StringComparison.Ordinal);
        var stored = await browser.App.Api().GetAsync(new Uri($"/api/v1/returns/by-number/{number}", UriKind.Relative));
        Assert.True(stored.IsSuccessStatusCode, await stored.Content.ReadAsStringAsync());
        var body = await stored.Content.ReadAsStringAsync();
        Assert.Contains("\"channel\":\"portal\"", body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"method\":\"dropOff\"", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Exchange_ForALargerSizeThatCostsMore_ShowsThePriceDifferenceAndOffersOnlyWhatIsInStock()
    {
        var catalogue = await browser.App.Api().PutAsJsonAsync(new Uri("/api/v1/catalog/variants", UriKind.Relative), new
        {
            variants = new[]
            {
                new { sku = "HOODIE-M", productCode = "HOODIE", title = "Hoodie M", attributes = new Dictionary<string, string> { ["size"] = "M" }, category = "tops", price = 49.00m, currency = "EUR", available = 4 },
                new { sku = "HOODIE-L", productCode = "HOODIE", title = "Hoodie L", attributes = new Dictionary<string, string> { ["size"] = "L" }, category = "tops", price = 49.00m, currency = "EUR", available = 0 },
                new { sku = "HOODIE-XL", productCode = "HOODIE", title = "Hoodie XL", attributes = new Dictionary<string, string> { ["size"] = "XL" }, category = "tops", price = 54.00m, currency = "EUR", available = 2 },
            },
        });
        Assert.True(catalogue.IsSuccessStatusCode, await catalogue.Content.ReadAsStringAsync());
        var order = await ImportAsync("exchange", "DE", "EUR", o => o.WithLine("HOODIE-M", 1, 49m));
        await using var shopper = await browser.ShopperAsync(nameof(Exchange_ForALargerSizeThatCostsMore_ShowsThePriceDifferenceAndOffersOnlyWhatIsInStock));
        var page = shopper.Page;
        await SignInAsync(page, order);

        var hoodie = page.Locator("[data-sku='HOODIE-M']");
        await hoodie.GetByLabel("Return this item").CheckAsync();
        await hoodie.GetByLabel("Reason").SelectOptionAsync(new SelectOptionValue { Label = "Too small" });
        await hoodie.GetByLabel("Exchange for another size or colour").CheckAsync();
        var offered = await hoodie.Locator("select[name$='ExchangeSku']").Locator("option").AllTextContentsAsync();
        await hoodie.Locator("select[name$='ExchangeSku']").SelectOptionAsync("HOODIE-XL");
        await shopper.StepAsync("chosen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-exchange='HOODIE-XL']")).ToHaveTextAsync("In exchange: Hoodie XL");
        await Assertions.Expect(page.Locator("[data-amount='to-pay']")).ToHaveTextAsync("€5.00");
        await Assertions.Expect(page.Locator("[data-amount='total']")).ToHaveCountAsync(0);
        await shopper.StepAsync("review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my return" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your return is registered");
        var number = (await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync())!.Replace("Return ", string.Empty, StringComparison.Ordinal);
        var stored = await browser.App.Api().GetStringAsync(new Uri($"/api/v1/returns/by-number/{number}", UriKind.Relative));

        Assert.Contains("Hoodie XL (€5.00 more to pay)", offered);
        Assert.DoesNotContain(offered, o => o.Contains("Hoodie L", StringComparison.Ordinal));
        Assert.Contains("\"exchangeSku\":\"HOODIE-XL\"", stored, StringComparison.Ordinal);
        Assert.Contains("\"exchangePriceDifference\":5", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GiftReturn_WithTheGiftReceiptCode_GivesTheRecipientStoreCreditAndHidesWhatWasPaid()
    {
        var order = await new Lifecycle(browser.App).ImportAsync(AnOrder.DeliveredDaysAgo(4, browser.App.Now).ShippedTo("FR", "EUR").WithLine("SCARF-RUST", 1, 39m).WithGiftReceipt("GIFT-7K3M"));
        await using var shopper = await browser.ShopperAsync(nameof(GiftReturn_WithTheGiftReceiptCode_GivesTheRecipientStoreCreditAndHidesWhatWasPaid));
        var page = shopper.Page;
        await page.GotoAsync("/portal");
        await page.Locator("#order-number").FillAsync(order.Number);
        await page.Locator("#email-or-postcode").FillAsync("gift-7k3m");
        await page.Locator("form button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-gift]")).ToContainTextAsync("store credit");
        await Assertions.Expect(page.Locator("[data-sku='SCARF-RUST'] .price")).ToHaveCountAsync(0);
        var scarf = page.Locator("[data-sku='SCARF-RUST']");
        await scarf.GetByLabel("Return this item").CheckAsync();
        await scarf.GetByLabel("Reason").SelectOptionAsync(new SelectOptionValue { Label = "Changed my mind" });
        await page.GetByLabel("Your name").FillAsync("Chloé Petit");
        await page.GetByLabel("Your email address").FillAsync("chloe.petit@example.test");
        await shopper.StepAsync("chosen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your return" })).ToBeVisibleAsync();
        await shopper.StepAsync("review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my return" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your return is registered");
        var number = (await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync())!.Replace("Return ", string.Empty, StringComparison.Ordinal);
        var stored = await browser.App.Api().GetStringAsync(new Uri($"/api/v1/returns/by-number/{number}", UriKind.Relative));
        Assert.Contains("\"requestedResolution\":\"storeCredit\"", stored, StringComparison.Ordinal);
        var inbox = await Maildev.WaitForAsync("chloe.petit@example.test", mail => mail.Count >= 1, "the recipient's email");
        Assert.Contains("Chloé Petit", inbox[0].HtmlText, StringComparison.Ordinal);
        Assert.Empty(await Maildev.InboxAsync(order.Customer.Email));
    }

    [Fact]
    public async Task Find_WithAWrongEmailOrAWrongNumber_GivesTheSameNeutralAnswer()
    {
        var order = await ImportAsync("wrong", "GB", "GBP", o => o.WithLine("MUG-WHITE", 1, 18m));
        await using var shopper = await browser.ShopperAsync(nameof(Find_WithAWrongEmailOrAWrongNumber_GivesTheSameNeutralAnswer));
        var page = shopper.Page;

        await page.GotoAsync("/portal");
        await page.GetByLabel("Order number").FillAsync(order.Number);
        await page.GetByLabel("Email address or postcode").FillAsync("someone.else@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find my order" }).ClickAsync();
        var wrongEmail = await page.GetByRole(AriaRole.Alert).TextContentAsync();
        await shopper.StepAsync("wrong-email");
        await page.GetByLabel("Order number").FillAsync(order.Number + "9");
        await page.GetByLabel("Email address or postcode").FillAsync(order.Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find my order" }).ClickAsync();
        var wrongNumber = await page.GetByRole(AriaRole.Alert).TextContentAsync();
        await shopper.StepAsync("wrong-number");

        Assert.Contains("couldn't find an order", wrongEmail, StringComparison.Ordinal);
        Assert.Equal(wrongEmail, wrongNumber);
        Assert.EndsWith("/portal", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_WithAPersonalisedItem_ShowsItCanOnlyComeBackIfFaulty()
    {
        var order = await ImportAsync("ineligible", "US", "USD", o => o.WithLine("CAP-SAND", 1, 29m, 0m, "personalised").WithLine("SCARF-GREY", 1, 39m));
        await using var shopper = await browser.ShopperAsync(nameof(Order_WithAPersonalisedItem_ShowsItCanOnlyComeBackIfFaulty));
        var page = shopper.Page;
        await SignInAsync(page, order);

        await Assertions.Expect(page.Locator("[data-sku='CAP-SAND'] [data-why='refused']")).ToHaveTextAsync("This item can only be returned if it is faulty.");
        await shopper.StepAsync("order");
        var cap = page.Locator("[data-sku='CAP-SAND']");
        await cap.GetByLabel("Return this item").CheckAsync();
        await cap.GetByLabel("Reason").SelectOptionAsync(new SelectOptionValue { Label = "Changed my mind" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-sku='CAP-SAND'][data-outcome='NotEligible']")).ToContainTextAsync("Not accepted");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Confirm my return" })).ToHaveCountAsync(0);
        await shopper.StepAsync("refused");
    }

    [Fact]
    public async Task Portal_InFrenchAndItalian_SpeaksTheShoppersLanguageAndWritesMoneyTheirWay()
    {
        var order = await ImportAsync("french", "FR", "EUR", o => o.WithLine("SHIRT-M", 1, 59m));
        await using var french = await browser.ShopperAsync(nameof(Portal_InFrenchAndItalian_SpeaksTheShoppersLanguageAndWritesMoneyTheirWay) + "-fr", language: "fr-FR");
        await using var italian = await browser.ShopperAsync(nameof(Portal_InFrenchAndItalian_SpeaksTheShoppersLanguageAndWritesMoneyTheirWay) + "-it", language: "it-IT");

        await french.Page.GotoAsync("/portal");
        await Assertions.Expect(french.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Retourner un article");
        await french.StepAsync("find");
        await french.Page.GetByLabel("Numéro de commande").FillAsync(order.Number);
        await french.Page.GetByLabel("Adresse e-mail ou code postal").FillAsync(order.Email);
        await french.Page.GetByRole(AriaRole.Button, new() { Name = "Trouver ma commande" }).ClickAsync();
        await Assertions.Expect(french.Page.Locator("[data-sku='SHIRT-M'] .price")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^59,00\\s€ l'unité$"));
        await french.StepAsync("order");

        await italian.Page.GotoAsync("/portal");
        await Assertions.Expect(italian.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Effettua un reso");
        await italian.StepAsync("find");
        await italian.Page.GetByRole(AriaRole.Link, new() { Name = "EN", Exact = true }).ClickAsync();
        await Assertions.Expect(italian.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Start a return");
        await italian.StepAsync("switched-to-english");
    }

    [Fact]
    public async Task Find_WithTheKeyboardAlone_ReachesTheOrderWithAVisibleFocusAtEachStep()
    {
        var order = await ImportAsync("keyboard", "GB", "GBP", o => o.WithLine("CAP-BLACK", 1, 25m));
        await using var shopper = await browser.ShopperAsync(nameof(Find_WithTheKeyboardAlone_ReachesTheOrderWithAVisibleFocusAtEachStep));
        var page = shopper.Page;
        await page.GotoAsync("/portal");

        var skip = await TabToAsync(page, "skip");
        var number = await TabToAsync(page, "order-number");
        await page.Keyboard.TypeAsync(order.Number);
        await page.Keyboard.PressAsync("Tab");
        var email = await FocusedAsync(page);
        await page.Keyboard.TypeAsync(order.Email);
        await shopper.StepAsync("typed");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {order.Number}" })).ToBeVisibleAsync();
        var checkbox = await TabToAsync(page, "checkbox");
        await page.Keyboard.PressAsync("Space");
        await shopper.StepAsync("ticked-by-keyboard");

        Assert.True(skip.Outlined && number.Outlined && checkbox.Outlined, "every focused control shows an outline");
        Assert.Equal("email-or-postcode", email.Id);
        Assert.True(await page.Locator("[data-sku='CAP-BLACK'] input[type=checkbox]").IsCheckedAsync());
    }

    // Presses Tab until the focused element's id (or type) is the one wanted; bounded, so a focus trap fails the test.
    private static async Task<(string Id, bool Outlined)> TabToAsync(IPage page, string wanted)
    {
        for (var i = 0; i < 30; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await FocusedAsync(page);
            if (focused.Id == wanted || focused.Type == wanted || focused.Class == wanted)
            {
                return (focused.Id, focused.Outlined);
            }
        }

        throw new InvalidOperationException($"Tab never reached '{wanted}'.");
    }

    private static async Task<(string Id, string Type, string Class, bool Outlined)> FocusedAsync(IPage page)
    {
        var found = await page.EvaluateAsync<string[]>("() => { const e = document.activeElement; const s = getComputedStyle(e); return [e.id || '', e.type || '', e.className || '', s.outlineStyle !== 'none' && s.outlineWidth !== '0px' ? 'yes' : 'no']; }");
        return (found[0], found[1], found[2], found[3] == "yes");
    }

    [Fact]
    public async Task Portal_OnA360PixelScreen_NeedsNoSidewaysScrolling()
    {
        var order = await ImportAsync("narrow", "IT", "EUR", o => o.WithLine("BOOT-40", 1, 149m).WithLine("SCARF-NAVY", 2, 39m));
        await using var shopper = await browser.ShopperAsync(nameof(Portal_OnA360PixelScreen_NeedsNoSidewaysScrolling), width: 360);
        var page = shopper.Page;

        await SignInAsync(page, order);
        await shopper.StepAsync("order");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");

        Assert.Equal(0, overflow);
    }

    [Fact]
    public async Task Withdrawal_FromTheEntryOnTheFirstPage_TakesTwoStepsAndRecordsTheStatement()
    {
        var order = await ImportAsync("withdraw", "IT", "EUR", o => o.WithLine("BOOT-40", 1, 149m));
        await using var shopper = await browser.ShopperAsync(nameof(Withdrawal_FromTheEntryOnTheFirstPage_TakesTwoStepsAndRecordsTheStatement), language: "it-IT");
        var page = shopper.Page;

        await page.GotoAsync("/portal");
        await page.GetByRole(AriaRole.Link, new() { Name = "Recedere dal contratto qui" }).ClickAsync();
        await shopper.StepAsync("form");
        await page.GetByLabel("Nome e cognome").FillAsync("Giulia Rossi");
        await page.GetByLabel("Numero d'ordine").FillAsync(order.Number);
        await page.GetByLabel("Indirizzo email per la conferma di ricezione").FillAsync(order.Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continua" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-statement]")).ToContainTextAsync($"Con la presente io, Giulia Rossi, comunico il recesso dal mio contratto di vendita dei beni dell'ordine {order.Number}.");
        await shopper.StepAsync("confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Conferma il recesso" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Abbiamo ricevuto il tuo recesso");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(order.Email);
        await shopper.StepAsync("acknowledged");
        var reference = await page.Locator("[data-reference]").GetAttributeAsync("data-reference");
        var returns = await browser.App.Api().GetStringAsync(new Uri($"/api/v1/returns?orderNumber={order.Number}", UriKind.Relative));
        var inbox = await Maildev.WaitForAsync(order.Email, mail => mail.Any(m => m.Subject.Contains(reference!, StringComparison.Ordinal)), "the acknowledgement");
        var acknowledgement = inbox.Single(m => m.Subject.Contains(reference!, StringComparison.Ordinal));
        Assert.Matches("^W-[0-9A-Z]{8}$", reference);
        Assert.Contains("\"channel\":\"withdrawal\"", returns, StringComparison.OrdinalIgnoreCase);
        Assert.Equal($"Abbiamo ricevuto il tuo recesso ({reference})", acknowledgement.Subject);
        Assert.Contains($"Con la presente io, Giulia Rossi, comunico il recesso dal mio contratto di vendita dei beni dell'ordine {order.Number}.", acknowledgement.HtmlText, StringComparison.Ordinal);
        Assert.Contains("lunedì 23 novembre 2026", acknowledgement.HtmlText, StringComparison.Ordinal);
    }

    private static async Task SignInAsync(IPage page, (string Number, string Email) order)
    {
        await page.GotoAsync("/portal");
        await page.Locator("#order-number").FillAsync(order.Number);
        await page.Locator("#email-or-postcode").FillAsync(order.Email);
        await page.Locator("form button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/portal/order$"));
    }

    private async Task<(string Number, string Email)> ImportAsync(string name, string country, string currency, Func<AnOrder, AnOrder> lines)
    {
        var steps = new Lifecycle(browser.App);
        var built = lines(AnOrder.DeliveredDaysAgo(5, browser.App.Now).ShippedTo(country, currency));
        var order = await steps.ImportAsync(built);
        return (order.Number, order.Customer.Email);
    }
}
