using System.Net;
using Retour.Domain.Returns;
using Retour.Web.Features.Carriers;
using Retour.Web.Features.Staff;
using Retour.Web.Tests.Builders;
using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Carriers;

/// <summary>Staff see a return's labels with cost and expiry, and an agent voids one; the warehouse may not.</summary>
public abstract class CarrierBackOfficeTests(CarrierApp app)
{
    private readonly Lifecycle _steps = new(app);

    [Fact]
    public async Task ReturnPage_ShowsLabelsWithCostAndExpiry_AndAnAgentVoidsOne_ButTheWarehouseMayNot()
    {
        var order = await _steps.ImportAsync(AnOrder.DeliveredDaysAgo(5, app.Now).WithLine("TEE-M", 1, 20m));
        var requested = await _steps.RequestAsync(order);
        var approved = requested.Status == ReturnStatus.Approved ? requested : await _steps.StepAsync(requested, "approve");
        var created = await _steps.Api.Post($"/api/v1/returns/{approved.Id}/labels", new CreateLabelRequest());
        var label = await created.Read<CarrierLabelResponse>();
        var page = $"/backoffice/returns/{approved.Number}";
        using var warehouse = await StaffSession.AsAsync(app, $"wh-{Guid.NewGuid():N}@shop.test", StaffRoles.Warehouse);
        using var agent = await StaffSession.AsAsync(app, $"agent-{Guid.NewGuid():N}@shop.test", StaffRoles.Agent);

        var shown = await agent.GetStringAsync(new Uri(page, UriKind.Relative));
        var refused = await StaffSession.PostFormAsync(warehouse, page, new() { ["labelId"] = label.Id.ToString(), ["reason"] = "wrong parcel" }, $"{page}?handler=VoidLabel");
        var voided = await StaffSession.PostFormAsync(agent, page, new() { ["labelId"] = label.Id.ToString(), ["reason"] = "wrong parcel" }, $"{page}?handler=VoidLabel");
        var after = await agent.GetStringAsync(new Uri(page, UriKind.Relative));

        Assert.Contains($"data-label=\"{label.TrackingNumber}\" data-label-state=\"Live\"", shown, StringComparison.Ordinal);
        Assert.Contains("4.90 EUR", shown, StringComparison.Ordinal);
        Assert.Contains(label.ExpiresAt!.Value.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), shown, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, voided.StatusCode);
        Assert.Contains($"data-label=\"{label.TrackingNumber}\" data-label-state=\"Voided\"", after, StringComparison.Ordinal);
        Assert.Contains(await StaffSession.AuditAsync(app), e => e.Action == "label.voided" && e.Target == approved.Number);
    }
}

/// <summary>On SQLite.</summary>
public sealed class CarrierBackOfficeTests_Sqlite(SqliteCarrierApp app) : CarrierBackOfficeTests(app), IClassFixture<SqliteCarrierApp>;

/// <summary>On PostgreSQL.</summary>
public sealed class CarrierBackOfficeTests_Postgres(PostgresCarrierApp app) : CarrierBackOfficeTests(app), IClassFixture<PostgresCarrierApp>;
