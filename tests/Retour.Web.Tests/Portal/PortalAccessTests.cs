using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Retour.Web.Features.Portal;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Portal;

/// <summary>Getting into an order from the portal: neutral answers, throttling, anti-forgery and who sees what.</summary>
public abstract partial class PortalAccessTests(RetourApp fixture)
{
    [Fact]
    public async Task Find_WhenRightOrWrong_SignsInOnlyOnAMatchAndAnswersEveryMissAlike()
    {
        using var app = new RetourApp(fixture.Provider);
        var order = await new Lifecycle(app).ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("FR", "EUR").WithLine("TEE-M", 1, 24m));
        using var browser = Browser(app);

        var wrongEmail = await FindAsync(browser, order.Number, "nobody@example.test");
        var wrongNumber = await FindAsync(browser, "X" + order.Number, order.Customer.Email);
        var right = await FindAsync(browser, " #" + order.Number, order.Customer.Email.ToUpperInvariant());

        Assert.Equal(HttpStatusCode.OK, wrongEmail.StatusCode);
        var missText = Alert(await wrongEmail.Content.ReadAsStringAsync());
        Assert.Contains("couldn't find an order", missText, StringComparison.Ordinal);
        Assert.Equal(missText, Alert(await wrongNumber.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/portal/order", right.Headers.Location?.OriginalString);
        var page = await browser.GetAsync(new Uri("/portal/order", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"Order {order.Number}", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Find_WhenTheOrderIsGuessedTooOften_IsRefusedEvenWithTheRightEmail()
    {
        using var app = new RetourApp(fixture.Provider) { Settings = { ["Portal:LookupsPerOrder"] = "3" } };
        var order = await new Lifecycle(app).ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("GB", "GBP").WithLine("MUG-BLUE", 1, 18m));
        using var browser = Browser(app);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await FindAsync(browser, order.Number, $"guess-{i}@example.test")).StatusCode);
        }

        var limited = await FindAsync(browser, order.Number, order.Customer.Email);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Contains("Too many attempts", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(new Uri("/portal/order", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Find_WithoutTheAntiForgeryToken_IsRefused()
    {
        using var app = new RetourApp(fixture.Provider);
        using var browser = Browser(app);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["OrderNumber"] = "1", ["EmailOrPostcode"] = "a@b.c" });

        var response = await browser.PostAsync(new Uri("/portal", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Pages_WithoutSigningIn_OrForAnotherOrder_ShowNothing()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var mine = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("IT", "EUR").WithLine("SCARF-GREY", 1, 39m));
        var theirs = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("IT", "EUR").WithLine("SCARF-RUST", 1, 39m));
        var theirReturn = await steps.RequestAsync(theirs, reason: "changed-mind");
        using var stranger = Browser(app);
        using var browser = Browser(app);
        await FindAsync(browser, mine.Number, mine.Customer.Email);

        var anonymous = await stranger.GetAsync(new Uri("/portal/order", UriKind.Relative));
        var other = await browser.GetAsync(new Uri($"/portal/returns/{theirReturn.Number}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/portal", anonymous.Headers.Location?.AbsolutePath ?? anonymous.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task Label_OnceApproved_DownloadsAsAPdfOnlyForItsOwnOrder()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("FR", "EUR").WithLine("JEANS-32", 1, 89m));
        var requested = await steps.RequestAsync(order, reason: "too-small");
        using var browser = Browser(app);
        await FindAsync(browser, order.Number, order.Customer.Email);
        var before = await browser.GetAsync(new Uri($"/portal/returns/{requested.Number}?handler=label", UriKind.Relative));
        await steps.StepAsync(requested, "approve");
        using var stranger = Browser(app);
        var other = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("FR", "EUR").WithLine("TEE-S", 1, 24m));
        await FindAsync(stranger, other.Number, other.Customer.Email);

        var label = await browser.GetAsync(new Uri($"/portal/returns/{requested.Number}?handler=label", UriKind.Relative));
        var status = await browser.GetStringAsync(new Uri($"/portal/returns/{requested.Number}", UriKind.Relative));
        var stolen = await stranger.GetAsync(new Uri($"/portal/returns/{requested.Number}?handler=label", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, label.StatusCode);
        Assert.Equal("application/pdf", label.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(await label.Content.ReadAsByteArrayAsync(), 0, 5), StringComparison.Ordinal);
        Assert.Contains("handler=label", status, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, stolen.StatusCode);
    }

    [Fact]
    public async Task Access_WithALinkFromAnEmail_SignsInUntilItExpiresAndNeverLeavesThePortal()
    {
        using var app = new RetourApp(fixture.Provider);
        var order = await new Lifecycle(app).ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("FR", "EUR").WithLine("TEE-L", 1, 24m));
        var tokens = app.Services.GetRequiredService<PortalTokens>();
        var token = tokens.Create(order.Id, TimeSpan.FromMinutes(30));
        using var browser = Browser(app);
        using var elsewhere = Browser(app);
        using var late = Browser(app);

        var opened = await browser.GetAsync(new Uri($"/portal/access?t={Uri.EscapeDataString(token)}&next=%2Fportal%2Forder", UriKind.Relative));
        var page = await browser.GetAsync(new Uri("/portal/order", UriKind.Relative));
        var offsite = await elsewhere.GetAsync(new Uri($"/portal/access?t={Uri.EscapeDataString(token)}&next=https%3A%2F%2Fevil.example%2F", UriKind.Relative));
        var forged = await late.GetAsync(new Uri($"/portal/access?t={Uri.EscapeDataString(token[..^4] + "AAAA")}", UriKind.Relative));
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var expired = await late.GetAsync(new Uri($"/portal/access?t={Uri.EscapeDataString(token)}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal("/portal/order", opened.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("/portal/order", offsite.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Gone, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("This link no longer works", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Find_WhenTheShopRequiresEmailedLinks_AnswersAlikeAndMailsALinkOnlyToTheOrdersAddress()
    {
        var (host, port) = Notifications.Maildev.Smtp;
        using var app = new RetourApp(fixture.Provider)
        {
            Settings = { ["Portal:RequireEmailLink"] = "true", ["Email:Transport"] = "Smtp", ["Email:Host"] = host, ["Email:Port"] = port, ["Email:UseTls"] = "false" },
        };
        var order = await new Lifecycle(app).ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("IT", "EUR").WithLine("SCARF-NAVY", 1, 39m));
        using var browser = Browser(app);

        var right = await FindAsync(browser, order.Number, order.Customer.Email);
        var wrong = await FindAsync(browser, order.Number, "someone@example.test");
        var before = await browser.GetAsync(new Uri("/portal/order", UriKind.Relative));
        var mail = await Notifications.Maildev.WaitForAsync(order.Customer.Email, inbox => inbox.Count >= 1, "the sign-in link");
        var link = LinkIn().Match(mail[0].HtmlText).Groups[1].Value;
        var opened = await browser.GetAsync(new Uri(new Uri(link).PathAndQuery, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var answer = Notice(await right.Content.ReadAsStringAsync());
        Assert.Contains("we have emailed a link", answer, StringComparison.Ordinal);
        Assert.Equal(answer, Notice(await wrong.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);
        Assert.Single(mail);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/portal/order", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Status_OfAnApprovedDropOffReturn_ShowsTheQrCodeToShowAtTheCounter()
    {
        using var app = new RetourApp(fixture.Provider);
        var steps = new Lifecycle(app);
        var order = await steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("FR", "EUR").WithLine("CHINO-32", 1, 69m));
        var opened = await app.Api().Post("/api/v1/returns", new { orderId = order.Id, method = "dropOff", lines = new[] { new { orderLineId = order.Lines[0].Id, quantity = 1, reasonCode = "too-large" } } }, "drop-off-1");
        var requested = await opened.Read<Features.Returns.ReturnResponse>();
        using var browser = Browser(app);
        await FindAsync(browser, order.Number, order.Customer.Email);
        var before = await browser.GetStringAsync(new Uri($"/portal/returns/{requested.Number}", UriKind.Relative));
        await steps.StepAsync(requested, "approve");

        var after = await browser.GetStringAsync(new Uri($"/portal/returns/{requested.Number}", UriKind.Relative));

        Assert.Equal(Domain.Policies.ReturnMethod.DropOff, requested.Method);
        Assert.DoesNotContain("data-drop-off", before, StringComparison.Ordinal);
        Assert.Contains("data-drop-off", after, StringComparison.Ordinal);
        Assert.Contains("<svg", after, StringComparison.Ordinal);
    }

    private static HttpClient Browser(RetourApp app) => PortalBrowser.Open(app);

    private static Task<HttpResponseMessage> FindAsync(HttpClient browser, string number, string proof) => PortalBrowser.FindAsync(browser, number, proof);

    private static string Alert(string html) => WebUtility.HtmlDecode(AlertText().Match(html).Groups[1].Value);

    [GeneratedRegex("role=\"alert\"[^>]*>([^<]*)<")]
    private static partial Regex AlertText();

    [GeneratedRegex("role=\"status\"[^>]*>([^<]*)<")]
    private static partial Regex NoticeText();

    [GeneratedRegex("""href="(http[^"]*/portal/access[?][^"]+)" """)]
    private static partial Regex LinkIn();

    private static string Notice(string html) => WebUtility.HtmlDecode(NoticeText().Match(html).Groups[1].Value);
}

public sealed class PortalAccessTests_Sqlite(SqliteApp app) : PortalAccessTests(app), IClassFixture<SqliteApp>;

public sealed class PortalAccessTests_Postgres(PostgresApp app) : PortalAccessTests(app), IClassFixture<PostgresApp>;
