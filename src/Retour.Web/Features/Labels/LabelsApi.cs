using Microsoft.Extensions.Options;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Shop;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Labels;

/// <summary>Routes of the printable return label.</summary>
public static class LabelsApi
{
    /// <summary>Maps <c>/api/v1/returns/{id}/label.pdf</c>.</summary>
    public static IEndpointRouteBuilder MapLabelsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/returns/{id:guid}/label.pdf", async (Guid id, string? locale, RetourDbContext db, Carriers.CarrierLabels carriers, IOptions<ShopOptions> shop, IOptions<ReturnsOptions> returns, CancellationToken ct) =>
        {
            if (locale is not null && LabelText.Supported(locale) is null)
            {
                return Problems.Invalid(new Dictionary<string, string[]> { ["locale"] = [$"Labels are written in {string.Join(", ", LabelText.Locales)}."] });
            }

            var timeZone = TimeZoneInfo.FindSystemTimeZoneById(returns.Value.TimeZone);
            var label = await ReturnLabels.RenderAsync(db, id, null, locale, shop.Value, timeZone, carriers.NameOf, ct);
            return label switch
            {
                { Availability: LabelAvailability.Ready, Pdf: { } pdf } => Results.File(pdf, ReturnLabel.ContentType, $"{label.ReturnNumber}.pdf"),
                { Availability: LabelAvailability.NotShippable } => Problems.Conflict("return.label.notShippable", $"Return {label.ReturnNumber} is {label.Status}: a label is printed once the return is approved, and not after it was rejected, cancelled or expired."),
                _ => Problems.NotFound("return", id),
            };
        })
            .WithTags("Labels")
            .WithName("GetReturnLabel")
            .WithSummary("The printable return label (A6 PDF with the return address, a QR code of the return number — or of the tracking number of the latest carrier label not voided — and instructions)")
            .WithDescription("In English, French or Italian (locale=en|fr|it; by default the language of the order's customer, else English). Available once the return is approved; 409 before that or after it was rejected, cancelled or expired.")
            .Produces(StatusCodes.Status200OK, contentType: ReturnLabel.ContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }
}
