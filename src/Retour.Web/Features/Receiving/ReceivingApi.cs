using Microsoft.Extensions.Options;
using Retour.Domain.Returns;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Shop;
using Retour.Web.Features.Staff;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Receiving;

/// <summary>Routes for warehouse systems: resolve a scanned code, count a parcel, register a parcel that is already here.</summary>
public static class ReceivingApi
{
    /// <summary>Maps <c>/api/v1/receiving/scans</c>, <c>/api/v1/returns/{id}/parcels</c>, <c>/api/v1/returns/unannounced</c> and <c>/api/v1/returns/pre-printed</c>.</summary>
    public static IEndpointRouteBuilder MapReceivingApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/receiving/scans", (ScanRequest request, RetourDbContext db, IOptions<ReceivingOptions> options, CancellationToken ct) =>
            Validated(ResolveScan.Validate(request), () => ResolveScan.HandleAsync(request, db, options.Value, ct)))
            .WithTags("Receiving")
            .WithName("ResolveScan")
            .WithSummary("Resolve a scanned code: a return (label QR code, return number, tracking number), a pre-printed label, or nothing")
            .WithDescription("Writes nothing. For a return, canReceive says whether a parcel is expected now; for a pre-printed label, the order comes with every line and how many units may still come back. 'none' is an unannounced parcel: find its order and register it with POST /api/v1/returns/unannounced.")
            .Produces<ScanResponse>()
            .ProducesValidationProblem();

        var returns = app.MapGroup("/api/v1/returns").WithTags("Receiving");
        returns.MapPost("/{id:guid}/parcels", (Guid id, ReceiveParcelRequest body, HttpContext http, RetourDbContext db, IOptions<ShopOptions> shop, TimeProvider clock, CancellationToken ct) =>
            Validated(ReceiveParcel.Validate(body, shop.Value), () => ReturnCommand.RunAsync(id, http, db, r => ReceiveParcel.Handle(r, body, Actors.Of(http.User), Site(body.Location), clock.GetUtcNow()), ct)))
            .WithName("ReceiveParcel")
            .WithSummary("Record a counted parcel: units per line (0 for none), items not on the return")
            .WithDescription("Lines left out are not counted. What each line still expects is received; a shortfall is flagged missing (the return stays received with more expected), a surplus or an item not on the return unexpected. The flags are kept in the return's discrepancies and timeline. Send If-Match with the ETag you read to refuse the count (409) when someone changed the return meanwhile.")
            .Produces<ReturnResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.Receive));

        Arrival(returns, "/unannounced", ReturnChannel.Unannounced, "RegisterUnannouncedParcel", "Open a return for an unannounced parcel matched to its order, approved and received at once");
        Arrival(returns, "/pre-printed", ReturnChannel.PrePrintedLabel, "RegisterPrePrintedLabel", "Open a return for a parcel sent with the order's pre-printed label (labelCode as scanned), approved and received at once");
        return app;
    }

    private static void Arrival(RouteGroupBuilder group, string pattern, ReturnChannel channel, string name, string summary) =>
        group.MapPost(pattern, (RegisterArrivalRequest body, HttpContext http, RetourDbContext db, PolicyBook book, IOptions<ReceivingOptions> options, IOptions<ShopOptions> shop, TimeProvider clock, CancellationToken ct) =>
            Validated(RegisterArrival.Validate(body, channel, shop.Value), async () =>
                (await RegisterArrival.OpenAsync(body, channel, Actors.Of(http.User), IdempotencyKey(http), db, book, options.Value, clock, null, ct))
                    .ToHttp("order", (object?)body.OrderId ?? body.LabelCode ?? string.Empty, opened => Results.Created($"/api/v1/returns/{opened.Id}", ReturnResponse.From(opened)))))
            .WithName(name)
            .WithSummary(summary)
            .WithDescription("The policy decides every line and its decision is kept, but goods in hand are never refused: a line it does not find eligible is received and flagged for review (discrepancy 'policyReview'). Quantities are bounded by what the order holds that no other return claims (422 return.quantity.exceedsReturnable); put anything else in 'unexpected'. Send an Idempotency-Key so a retry never opens a second return.")
            .Produces<ReturnResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.Receive));

    private static string? Site(string? location) => string.IsNullOrWhiteSpace(location) ? null : location.Trim().ToUpperInvariant();

    private static async Task<IResult> Validated(FieldErrors errors, Func<Task<IResult>> run) =>
        errors.IsEmpty ? await run() : errors.ToProblem();

    private static string? IdempotencyKey(HttpContext http) =>
        http.Request.Headers[IdempotencyMiddleware.Header].ToString() is { Length: > 0 } key ? key : null;
}
