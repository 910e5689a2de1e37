using System.Net;
using System.Text.RegularExpressions;
using Retour.Domain.Returns;
using Retour.Web.Features.Carriers;
using Retour.Web.Features.Returns;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Carriers;

/// <summary>The shopper gets a carrier label from the portal and sees its box-free drop-off code.</summary>
public abstract partial class CarrierPortalTests(CarrierApp app)
{
    private readonly Lifecycle _steps = new(app);

    [Fact]
    public async Task Status_OfAnApprovedDropOffReturn_OffersALabel_ThenShowsItsBoxFreeDropOffCode()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(3, app.Now).ShippedTo("FR", "EUR").WithLine("CHINO-32", 1, 69m));
        var opened = await _steps.Api.Post("/api/v1/returns", new { orderId = order.Id, method = "dropOff", lines = new[] { new { orderLineId = order.Lines[0].Id, quantity = 1, reasonCode = "too-large" } } }, Guid.NewGuid().ToString());
        var requested = await opened.Read<ReturnResponse>();
        var approved = requested.Status == ReturnStatus.Approved ? requested : await _steps.StepAsync(requested, "approve");
        using var browser = PortalBrowser.Open(app);
        await PortalBrowser.FindAsync(browser, order.Number, order.Customer.Email);
        var page = await browser.GetStringAsync(new Uri($"/portal/returns/{approved.Number}", UriKind.Relative));
        Assert.Contains("data-create-label", page, StringComparison.Ordinal);

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value });
        var posted = await browser.PostAsync(new Uri($"/portal/returns/{approved.Number}?handler=label", UriKind.Relative), form);
        var after = await browser.GetStringAsync(new Uri($"/portal/returns/{approved.Number}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var label = Assert.Single(await (await _steps.Api.GetAsync(new Uri($"/api/v1/returns/{approved.Id}/labels", UriKind.Relative))).Read<List<CarrierLabelResponse>>());
        Assert.Contains($"data-drop-off=\"{label.DropOffCode}\"", after, StringComparison.Ordinal);
        Assert.Contains($"data-carrier-label=\"{label.TrackingNumber}\"", after, StringComparison.Ordinal);
        Assert.DoesNotContain("data-create-label", after, StringComparison.Ordinal);
        Assert.Contains("<svg", after, StringComparison.Ordinal);
        Assert.Equal(ActorKind.Customer, (await _steps.GetAsync(approved.Id)).Timeline.Last(e => e.Event == nameof(LabelIssued)).Actor.Kind);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}

/// <summary>On SQLite.</summary>
public sealed class CarrierPortalTests_Sqlite(SqliteCarrierApp app) : CarrierPortalTests(app), IClassFixture<SqliteCarrierApp>;

/// <summary>On PostgreSQL.</summary>
public sealed class CarrierPortalTests_Postgres(PostgresCarrierApp app) : CarrierPortalTests(app), IClassFixture<PostgresCarrierApp>;
