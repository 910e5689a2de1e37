using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain.Returns;
using Retour.Web.Features.Labels;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Shop;
using Retour.Web.Features.Staff;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Carriers;

/// <summary>Routes of carriers and of a return's carrier labels and pickup.</summary>
public static class CarriersApi
{
    /// <summary>Maps <c>/api/v1/carriers</c> and <c>/api/v1/returns/{id}/labels</c>, <c>…/pickup</c>.</summary>
    public static IEndpointRouteBuilder MapCarriersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/carriers", (CarrierLabels labels) => Results.Ok(labels.List()))
            .WithTags("Carriers")
            .WithName("ListCarriers")
            .WithSummary("The carriers Retour makes labels with, and what each offers")
            .WithDescription("Each carrier's code (what POST …/labels takes as carrier), name, whether it is the default, and its capabilities: labels, void, box-free drop-off codes, home pickup (with the weekdays it collects and the booking cut-off the day before, in the merchant's time zone).")
            .Produces<IReadOnlyList<CarrierResponse>>();

        var group = app.MapGroup("/api/v1/returns/{id:guid}").WithTags("Carriers");

        group.MapPost("/labels", async (Guid id, CreateLabelRequest? body, HttpContext http, CarrierLabels labels, TimeProvider clock, CancellationToken ct) =>
        {
            var invalid = new FieldErrors().Text(body?.Carrier, "carrier", 50, required: false);
            if (!invalid.IsEmpty)
            {
                return invalid.ToProblem();
            }

            var outcome = await labels.CreateAsync(id, body?.Carrier, Actors.Of(http.User), ct);
            return outcome switch
            {
                { Return: null } => Problems.NotFound("return", id),
                { Result.IsSuccess: false } => Problems.Rule(outcome.Result),
                _ => Results.Created($"/api/v1/returns/{id}/labels/{outcome.Label!.Id}", CarrierLabelResponse.From(id, outcome.Label, labels.NameOf(outcome.Label.Carrier), clock.GetUtcNow())),
            };
        })
            .WithName("CreateLabel")
            .WithSummary("Make a return label through a carrier (the default carrier unless carrier is given)")
            .WithDescription("For an approved return not yet on its way, with no valid label (void it first; an expired one is replaced while the return is within its ship-by date). Answers the label: tracking number, cost, expiry, box-free drop-off code when the carrier gives them, customs declaration when the customer's country and the returns address are in different customs territories, and documentUrl (the PDF). The first label moves the return to AwaitingShipment and raises LabelIssued. Send an Idempotency-Key so a retry never makes (and pays for) a second label. 422 codes: carrier.unknown, carrier.own.trackingNumbersExhausted, return.label.notShippable, return.label.inStore, return.label.pastShipBy, return.label.live.")
            .Produces<CarrierLabelResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/labels", async (Guid id, RetourDbContext db, CarrierLabels labels, TimeProvider clock, CancellationToken ct) =>
        {
            var returnCase = await db.Returns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
            var now = clock.GetUtcNow();
            return returnCase is null
                ? Problems.NotFound("return", id)
                : Results.Ok(returnCase.Labels.Select(l => CarrierLabelResponse.From(id, l, labels.NameOf(l.Carrier), now)).ToList());
        })
            .WithName("ListLabels")
            .WithSummary("Every carrier label of a return, oldest first, with its state (Live, Expired, Voided), cost, pickup and customs")
            .Produces<IReadOnlyList<CarrierLabelResponse>>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/labels/{labelId:guid}.pdf", async (Guid id, Guid labelId, string? locale, RetourDbContext db, CarrierLabels labels, IOptions<ShopOptions> shop, IOptions<ReturnsOptions> returns, CancellationToken ct) =>
        {
            if (locale is not null && LabelText.Supported(locale) is null)
            {
                return Problems.Invalid(new Dictionary<string, string[]> { ["locale"] = [$"Labels are written in {string.Join(", ", LabelText.Locales)}."] });
            }

            if (await db.Set<LabelDocument>().AsNoTracking().FirstOrDefaultAsync(d => d.LabelId == labelId && d.ReturnCaseId == id, ct) is { } document)
            {
                return Results.File(document.Content, document.ContentType, $"{labelId}.pdf");
            }

            var timeZone = TimeZoneInfo.FindSystemTimeZoneById(returns.Value.TimeZone);
            var label = await ReturnLabels.RenderAsync(db, id, labelId, locale, shop.Value, timeZone, labels.NameOf, ct);
            return label switch
            {
                { Availability: LabelAvailability.Ready, Pdf: { } pdf } => Results.File(pdf, ReturnLabel.ContentType, $"{label.ReturnNumber}.pdf"),
                { Availability: LabelAvailability.NotShippable } => Problems.Conflict("return.label.notShippable", $"Return {label.ReturnNumber} is {label.Status}: there is nothing to ship."),
                { Availability: LabelAvailability.UnknownLabel } => Problems.NotFound("label", labelId),
                _ => Problems.NotFound("return", id),
            };
        })
            .WithName("GetLabelDocument")
            .WithSummary("A carrier label's printable document (PDF)")
            .WithDescription("The carrier's own document when it sent one; otherwise Retour's A6 label with the carrier, the tracking number (also in the QR code), validity and drop-off code, and a second page with the customs declaration (CN23) when the parcel crosses a customs border. locale=en|fr|it as for label.pdf.")
            .Produces(StatusCodes.Status200OK, contentType: ReturnLabel.ContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/labels/{labelId:guid}/void", async (Guid id, Guid labelId, VoidLabelRequest? body, HttpContext http, CarrierLabels labels, TimeProvider clock, CancellationToken ct) =>
        {
            var invalid = new FieldErrors().Text(body?.Reason, "reason", 1000, required: false);
            if (!invalid.IsEmpty)
            {
                return invalid.ToProblem();
            }

            var outcome = await labels.VoidAsync(id, labelId, body?.Reason, Actors.Of(http.User), ct);
            return outcome switch
            {
                { Return: null } => Problems.NotFound("return", id),
                { Label: null } => Problems.NotFound("label", labelId),
                { Result.IsSuccess: false } => Problems.Rule(outcome.Result),
                _ => Results.Ok(CarrierLabelResponse.From(id, outcome.Label, labels.NameOf(outcome.Label.Carrier), clock.GetUtcNow())),
            };
        })
            .WithName("VoidLabel")
            .WithSummary("Void a label before the parcel's first scan (the carrier is told), so a new one can be made")
            .WithDescription("Refused (422 return.label.scanned) once the carrier has the parcel, and for a label already voided (return.label.voided). A booked pickup goes with the label.")
            .Produces<CarrierLabelResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.Decide));

        group.MapPost("/pickup", async (Guid id, SchedulePickupRequest? body, HttpContext http, CarrierLabels labels, TimeProvider clock, CancellationToken ct) =>
        {
            var invalid = new FieldErrors().Check(body?.Date is not null, "date", "The pickup day (yyyy-MM-dd).")
                .Check((body?.From is null) == (body?.To is null), "window", "Give both from and to (HH:mm), or neither for the carrier's usual window.");
            if (!invalid.IsEmpty)
            {
                return invalid.ToProblem();
            }

            var outcome = await labels.SchedulePickupAsync(id, body!.Date!.Value, body.From, body.To, Actors.Of(http.User), ct);
            return outcome switch
            {
                { Return: null } => Problems.NotFound("return", id),
                { Result.IsSuccess: false } => Problems.Rule(outcome.Result),
                _ => Results.Ok(CarrierLabelResponse.From(id, outcome.Label!, labels.NameOf(outcome.Label!.Carrier), clock.GetUtcNow())),
            };
        })
            .WithName("SchedulePickup")
            .WithSummary("Book (or move) the home pickup of the return's live label")
            .WithDescription("date (yyyy-MM-dd) and optionally from/to (HH:mm, merchant's time zone). 422 naming the field and rule: pickup.date.notFuture, pickup.date.afterCutOff (tomorrow is booked before the carrier's cut-off), pickup.date.weekday (a day the carrier collects, see GET /api/v1/carriers), pickup.date.afterShipBy, pickup.window; return.pickup.noLabel without a valid label; carrier.pickup.notOffered.")
            .Produces<CarrierLabelResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapDelete("/pickup", async (Guid id, HttpContext http, CarrierLabels labels, TimeProvider clock, CancellationToken ct) =>
        {
            var outcome = await labels.CancelPickupAsync(id, Actors.Of(http.User), ct);
            return outcome switch
            {
                { Return: null } => Problems.NotFound("return", id),
                { Result.IsSuccess: false } => Problems.Rule(outcome.Result),
                _ => Results.Ok(CarrierLabelResponse.From(id, outcome.Label!, labels.NameOf(outcome.Label!.Carrier), clock.GetUtcNow())),
            };
        })
            .WithName("CancelPickup")
            .WithSummary("Cancel the booked home pickup (422 return.pickup.none when there is none)")
            .Produces<CarrierLabelResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        return app;
    }
}
