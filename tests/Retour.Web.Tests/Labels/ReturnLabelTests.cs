using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Returns;
using Retour.Web.Features.Labels;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Shop;
using Retour.Web.Persistence;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Labels;

/// <summary>The printable return label, served once a return is approved, in the customer's language.</summary>
public abstract class ReturnLabelTests(RetourApp app)
{
    private readonly Lifecycle _steps = new(app);

    [Fact]
    public async Task Label_OfAnApprovedReturn_IsAOnePageA6PdfTitledWithTheReturnNumber()
    {
        var approved = await ApprovedReturnAsync();

        var response = await _steps.Api.GetAsync(new Uri($"/api/v1/returns/{approved.Id}/label.pdf", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = LabelPdf.Read(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("%PDF-", pdf.Header);
        Assert.Equal(1, pdf.Pages);
        // Skia writes the page size in whole points: A6 is 297.6 x 419.5 pt.
        Assert.InRange(pdf.Width, 297.6f - 0.5f, 297.6f + 0.5f);
        Assert.InRange(pdf.Height, 419.5f - 0.5f, 419.5f + 0.5f);
        Assert.Equal(approved.Number, pdf.Title);
    }

    [Fact]
    public async Task Label_InFrench_IsNotTheEnglishLabel_AndTheCustomersLanguageIsTheDefault()
    {
        var approved = await ApprovedReturnAsync();

        var english = await LabelBytesAsync(approved.Id, "?locale=en");
        var french = await LabelBytesAsync(approved.Id, "?locale=fr");
        var byDefault = await LabelBytesAsync(approved.Id, string.Empty);

        Assert.NotEqual(english, french);
        Assert.Equal(french, byDefault);
    }

    [Fact]
    public async Task Label_BeforeApproval_IsAConflict()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));
        var requested = await _steps.RequestAsync(order);
        Assert.NotEqual(ReturnStatus.Approved, requested.Status);

        var response = await _steps.Api.GetAsync(new Uri($"/api/v1/returns/{requested.Id}/label.pdf", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Read<RuleProblem>();
        Assert.Equal("return.label.notShippable", problem.Code);
    }

    [Fact]
    public async Task Label_OfACancelledReturn_IsAConflict()
    {
        var approved = await ApprovedReturnAsync();
        await _steps.StepAsync(approved, "cancel", new CancelReturnRequest("changed my mind"));

        var response = await _steps.Api.GetAsync(new Uri($"/api/v1/returns/{approved.Id}/label.pdf", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Label_OfAnUnknownReturn_IsNotFound()
    {
        var response = await _steps.Api.GetAsync(new Uri($"/api/v1/returns/{Guid.NewGuid()}/label.pdf", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Label_InAnUnsupportedLocale_NamesTheField_AndWithoutAKeyIsRefused()
    {
        var approved = await ApprovedReturnAsync();

        var german = await _steps.Api.GetAsync(new Uri($"/api/v1/returns/{approved.Id}/label.pdf?locale=de", UriKind.Relative));
        using var anonymous = app.CreateClient();
        var withoutKey = await anonymous.GetAsync(new Uri($"/api/v1/returns/{approved.Id}/label.pdf", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, german.StatusCode);
        Assert.Contains("locale", (await german.Read<Problem>()).Errors!.Keys);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
    }

    [Fact]
    public async Task Content_InFrench_SaysRetour_SendsToTheReturnAddress_WithTheCarrierAndTheDeadlineInTheMerchantsCalendar()
    {
        var approved = await ApprovedReturnAsync();
        await _steps.StepAsync(approved, "label", new IssueLabelRequest("Colissimo", "6A0012345678"));
        var shop = new ShopOptions();

        var (english, french) = await app.WithScopeAsync<RetourDbContext, (ReturnLabelContent, ReturnLabelContent)>(async db =>
        {
            var returnCase = await db.Returns.AsNoTracking().SingleAsync(r => r.Id == approved.Id);
            var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == returnCase.OrderId);
            var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
            return (ReturnLabelContent.From(returnCase, order, shop, "en-GB", paris), ReturnLabelContent.From(returnCase, order, shop, "fr", paris));
        });

        var shipBy = TimeZoneInfo.ConvertTime(approved.ShipBy!.Value, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        Assert.Equal("en", english.Locale);
        Assert.Equal("RETURN", english.Heading);
        Assert.Equal("RETOUR", french.Heading);
        Assert.Equal(approved.Number, french.ReturnNumber);
        Assert.Equal(shop.ReturnAddressLines, french.ToLines);
        Assert.Equal(["Test Buyer", "France"], french.FromLines);
        Assert.Contains(french.Facts, f => f.Contains("Colissimo", StringComparison.Ordinal) && f.Contains("6A0012345678", StringComparison.Ordinal));
        Assert.Contains(french.Facts, f => f.Contains(shipBy.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("fr")).Replace(' ', '\u00a0'), StringComparison.Ordinal));
        Assert.Contains(english.Facts, f => f.Contains(shipBy.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en")).Replace(' ', '\u00a0'), StringComparison.Ordinal));
        Assert.Equal(3, french.Instructions.Count);
        Assert.StartsWith("Emballez", french.Instructions[0], StringComparison.Ordinal);
    }

    private async Task<ReturnResponse> ApprovedReturnAsync()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));
        var requested = await _steps.RequestAsync(order);
        return requested.Status == ReturnStatus.Approved ? requested : await _steps.StepAsync(requested, "approve");
    }

    private async Task<byte[]> LabelBytesAsync(Guid id, string query)
    {
        var response = await _steps.Api.GetAsync(new Uri($"/api/v1/returns/{id}/label.pdf{query}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }
}

public sealed class ReturnLabelTests_Sqlite(SqliteApp app) : ReturnLabelTests(app), IClassFixture<SqliteApp>;

public sealed class ReturnLabelTests_Postgres(PostgresApp app) : ReturnLabelTests(app), IClassFixture<PostgresApp>;
