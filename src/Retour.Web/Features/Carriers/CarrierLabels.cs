using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain;
using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Features.Returns;
using Retour.Web.Features.Shop;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Carriers;

/// <summary>A carrier label as the API shows it, with where to download its document.</summary>
public sealed record CarrierLabelResponse(
    Guid Id,
    string Carrier,
    string CarrierName,
    string TrackingNumber,
    LabelState State,
    decimal Cost,
    string CostCurrency,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? VoidedAt,
    string? VoidReason,
    string? DropOffCode,
    PickupBooking? Pickup,
    CustomsDeclaration? Customs,
    string DocumentUrl)
{
    /// <summary>The label of return <paramref name="returnId"/> as it stands at <paramref name="at"/>.</summary>
    public static CarrierLabelResponse From(Guid returnId, ShippingLabel label, string carrierName, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(label);
        return new CarrierLabelResponse(label.Id, label.Carrier, carrierName, label.TrackingNumber, label.StateAt(at), label.Cost, label.CostCurrency, label.CreatedAt, label.ExpiresAt, label.VoidedAt, label.VoidReason, label.DropOffCode, label.Pickup, label.Customs, $"/api/v1/returns/{returnId}/labels/{label.Id}.pdf");
    }
}

/// <summary>A carrier Retour can make labels with, as <c>GET /api/v1/carriers</c> lists it.</summary>
public sealed record CarrierResponse(string Code, string Name, bool IsDefault, bool Labels, bool Void, bool DropOffCodes, bool Pickup, IReadOnlyList<DayOfWeek>? PickupWeekdays, TimeOnly? PickupCutOff);

/// <summary>Ask for a label; <c>carrier</c> is a carrier's code (the shop's default when absent).</summary>
public sealed record CreateLabelRequest(string? Carrier = null);

/// <summary>Void a label, with an optional reason kept on the timeline.</summary>
public sealed record VoidLabelRequest(string? Reason = null);

/// <summary>Book a home pickup: the day and, optionally, the window (the carrier's usual window when absent).</summary>
public sealed record SchedulePickupRequest(DateOnly? Date, TimeOnly? From = null, TimeOnly? To = null);

/// <summary>What a label command ended with: the return (null when there is none), the label concerned and the rule broken, if any.</summary>
public sealed record LabelOutcome(ReturnCase? Return, ShippingLabel? Label, Result Result);

/// <summary>
/// Making, voiding and booking the pickup of carrier labels: the calls the API, the portal and the back office share.
/// The carrier is called outside any transaction; the return is then changed and saved in one.
/// </summary>
public sealed class CarrierLabels(RetourDbContext db, CarrierRegistry carriers, IOptions<CarriersOptions> options, IOptions<ReturnsOptions> returns, TimeProvider clock)
{
    /// <summary>The carrier's name for a code (the code itself when the carrier is not registered any more).</summary>
    public string NameOf(string code) => carriers.Find(code)?.DisplayName ?? code;

    /// <summary>The registered carriers.</summary>
    public IReadOnlyList<CarrierResponse> List()
    {
        var fallback = carriers.Default;
        return [.. carriers.All.Select(c => new CarrierResponse(
            c.Code,
            c.DisplayName,
            ReferenceEquals(c, fallback),
            c.Capabilities.HasFlag(CarrierCapabilities.Labels),
            c.Capabilities.HasFlag(CarrierCapabilities.Void),
            c.Capabilities.HasFlag(CarrierCapabilities.DropOffCodes),
            c.Capabilities.HasFlag(CarrierCapabilities.Pickup),
            c.PickupCalendar is { } p ? [.. p.Weekdays.Order()] : null,
            c.PickupCalendar?.CutOff))];
    }

    /// <summary>The carrier that would make a label for this return now, when one is configured and offers labels.</summary>
    public ICarrier? DefaultCarrier => carriers.Default;

    /// <summary>Whether the live label's carrier books home pickups (its calendar), else null.</summary>
    public PickupCalendar? PickupCalendarOf(ShippingLabel? label) =>
        label is not null && carriers.Find(label.Carrier) is { } c && c.Capabilities.HasFlag(CarrierCapabilities.Pickup) ? c.PickupCalendar : null;

    /// <summary>Makes a label for the return with the named carrier (the default when null) and records it.</summary>
    public async Task<LabelOutcome> CreateAsync(Guid returnId, string? carrierCode, Actor actor, CancellationToken ct)
    {
        var returnCase = await db.Returns.FirstOrDefaultAsync(r => r.Id == returnId, ct);
        if (returnCase is null)
        {
            return new LabelOutcome(null, null, Result.Ok());
        }

        var carrier = carriers.Find(carrierCode);
        if (carrier is null || !carrier.Capabilities.HasFlag(CarrierCapabilities.Labels))
        {
            var known = string.Join(", ", carriers.All.Where(c => c.Capabilities.HasFlag(CarrierCapabilities.Labels)).Select(c => c.Code));
            return new LabelOutcome(returnCase, null, Result.Fail("carrier.unknown", string.IsNullOrWhiteSpace(carrierCode)
                ? $"No default carrier makes labels (Carriers:Default is '{options.Value.Default}'; configured: {(known.Length == 0 ? "none" : known)})."
                : $"No carrier '{carrierCode.Trim()}' makes labels here (configured: {(known.Length == 0 ? "none" : known)}).", "carrier"));
        }

        var now = clock.GetUtcNow();
        var allowed = returnCase.CanCreateLabel(now);
        if (!allowed.IsSuccess)
        {
            return new LabelOutcome(returnCase, null, allowed);
        }

        var order = await db.Orders.AsNoTracking().FirstAsync(o => o.Id == returnCase.OrderId, ct);
        var customs = CustomsDeclaration.For(returnCase, order, order.ShipTo.Country, options.Value.ReturnsCountry);
        var shipment = new LabelShipment(
            returnCase.Id,
            returnCase.Number,
            order.Number,
            string.IsNullOrWhiteSpace(order.Customer.Name) ? order.Customer.Email : order.Customer.Name.Trim(),
            order.ShipTo.Country,
            [],
            options.Value.ReturnsCountry,
            returnCase.ShipBy,
            returnCase.Lines.Sum(l => l.ApprovedQuantity),
            customs);
        var (made, result) = await carrier.CreateLabelAsync(shipment, ct);
        if (!result.IsSuccess || made is null)
        {
            return new LabelOutcome(returnCase, null, result.IsSuccess ? Result.Fail("carrier.noLabel", $"{carrier.DisplayName} made no label.", "carrier") : result);
        }

        var labelId = Guid.CreateVersion7(now);
        var added = returnCase.AddLabel(labelId, new LabelIssue(carrier.Code, made.TrackingNumber, made.Cost, made.CostCurrency, made.ExpiresAt, made.DropOffCode, customs), actor, clock.GetUtcNow());
        if (!added.IsSuccess)
        {
            await VoidQuietlyAsync(carrier, made.TrackingNumber);
            return new LabelOutcome(returnCase, null, added);
        }

        if (made.Document is { Length: > 0 } document)
        {
            db.Set<LabelDocument>().Add(new LabelDocument { LabelId = labelId, ReturnCaseId = returnCase.Id, Content = document });
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone changed the return meanwhile (or made its label first): the carrier's label is not kept.
            await VoidQuietlyAsync(carrier, made.TrackingNumber);
            throw;
        }

        return new LabelOutcome(returnCase, returnCase.Labels.Single(l => l.Id == labelId), Result.Ok());
    }

    /// <summary>Voids a label before the parcel's first scan, with the carrier when it offers voiding.</summary>
    public async Task<LabelOutcome> VoidAsync(Guid returnId, Guid labelId, string? reason, Actor actor, CancellationToken ct)
    {
        var returnCase = await db.Returns.FirstOrDefaultAsync(r => r.Id == returnId, ct);
        var label = returnCase?.Labels.FirstOrDefault(l => l.Id == labelId);
        if (returnCase is null || label is null)
        {
            return new LabelOutcome(returnCase, null, Result.Ok());
        }

        var voided = returnCase.VoidLabel(labelId, reason, actor, clock.GetUtcNow());
        if (!voided.IsSuccess)
        {
            return new LabelOutcome(returnCase, label, voided);
        }

        if (carriers.Find(label.Carrier) is { } carrier && carrier.Capabilities.HasFlag(CarrierCapabilities.Void))
        {
            var told = await carrier.VoidAsync(label.TrackingNumber, ct);
            if (!told.IsSuccess)
            {
                return new LabelOutcome(returnCase, label, told);
            }
        }

        await db.SaveChangesAsync(ct);
        return new LabelOutcome(returnCase, label, Result.Ok());
    }

    /// <summary>
    /// Books the home pickup of the return's live label on a day and window (the carrier's usual window when not
    /// given), checked against the carrier's calendar, today in the merchant's time zone and the ship-by date.
    /// </summary>
    public async Task<LabelOutcome> SchedulePickupAsync(Guid returnId, DateOnly date, TimeOnly? from, TimeOnly? to, Actor actor, CancellationToken ct)
    {
        var returnCase = await db.Returns.FirstOrDefaultAsync(r => r.Id == returnId, ct);
        if (returnCase is null)
        {
            return new LabelOutcome(null, null, Result.Ok());
        }

        var now = clock.GetUtcNow();
        var label = returnCase.LiveLabel(now);
        var carrier = label is null ? null : carriers.Find(label.Carrier);
        if (label is not null && (carrier is null || !carrier.Capabilities.HasFlag(CarrierCapabilities.Pickup) || carrier.PickupCalendar is null))
        {
            return new LabelOutcome(returnCase, label, Result.Fail("carrier.pickup.notOffered", $"{carrier?.DisplayName ?? label.Carrier} does not collect parcels from homes.", "carrier"));
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(returns.Value.TimeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var today = DateOnly.FromDateTime(local.DateTime);
        var lastDay = returnCase.ShipBy is { } shipBy ? MerchantCalendar.LocalDate(shipBy, zone) : (DateOnly?)null;
        var window = options.Value.Own.Pickup;
        var booking = new PickupBooking(date, from ?? window.WindowFrom, to ?? window.WindowTo, null);
        var calendar = carrier?.PickupCalendar ?? new PickupCalendar(new HashSet<DayOfWeek>(), window.CutOff);
        var check = returnCase.CheckPickup(booking, calendar, today, TimeOnly.FromDateTime(local.DateTime), lastDay, now);
        if (!check.IsSuccess)
        {
            return new LabelOutcome(returnCase, label, check);
        }

        var (reference, told) = await carrier!.SchedulePickupAsync(new PickupRequest(label!.TrackingNumber, returnCase.Number, booking.Date, booking.From, booking.To), ct);
        if (!told.IsSuccess)
        {
            return new LabelOutcome(returnCase, label, told);
        }

        var booked = returnCase.BookPickup(booking with { Reference = reference }, calendar, today, TimeOnly.FromDateTime(local.DateTime), lastDay, actor, now);
        if (booked.IsSuccess)
        {
            await db.SaveChangesAsync(ct);
        }

        return new LabelOutcome(returnCase, label, booked);
    }

    /// <summary>Cancels the booked pickup of the return's live label.</summary>
    public async Task<LabelOutcome> CancelPickupAsync(Guid returnId, Actor actor, CancellationToken ct)
    {
        var returnCase = await db.Returns.FirstOrDefaultAsync(r => r.Id == returnId, ct);
        if (returnCase is null)
        {
            return new LabelOutcome(null, null, Result.Ok());
        }

        var now = clock.GetUtcNow();
        var label = returnCase.LiveLabel(now);
        var cancelled = returnCase.CancelPickup(actor, now);
        if (!cancelled.IsSuccess)
        {
            return new LabelOutcome(returnCase, label, cancelled);
        }

        if (carriers.Find(label!.Carrier) is { } carrier)
        {
            var told = await carrier.CancelPickupAsync(label.TrackingNumber, ct);
            if (!told.IsSuccess)
            {
                return new LabelOutcome(returnCase, label, told);
            }
        }

        await db.SaveChangesAsync(ct);
        return new LabelOutcome(returnCase, label, Result.Ok());
    }

    // A label made for nothing is cancelled with the carrier so it is not billed; failing that, it simply expires.
    private static async Task VoidQuietlyAsync(ICarrier carrier, string trackingNumber)
    {
        if (carrier.Capabilities.HasFlag(CarrierCapabilities.Void))
        {
            await carrier.VoidAsync(trackingNumber, CancellationToken.None);
        }
    }
}
