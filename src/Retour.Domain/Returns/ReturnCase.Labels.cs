using System.Globalization;
using Retour.Domain.Orders;
using Retour.Domain.Policies;

namespace Retour.Domain.Returns;

/// <summary>
/// Labels made through a carrier (<see cref="ShippingLabel"/>): at most one is live; voiding it before the parcel's
/// first scan frees the return for a new one, and an expired one can be replaced while the return is within its
/// ship-by date. The first label moves the return to awaiting shipment through <see cref="IssueLabel"/>, so its
/// state and events are those of a label recorded by hand; a later one is recorded on the timeline with the same
/// event. A home pickup is booked on the live label.
/// </summary>
public sealed partial class ReturnCase
{
    /// <summary>The timeline event of a label voided.</summary>
    public const string LabelVoidedEvent = "LabelVoided";

    /// <summary>The timeline event of a home pickup booked.</summary>
    public const string PickupBookedEvent = "PickupBooked";

    /// <summary>The timeline event of a home pickup cancelled.</summary>
    public const string PickupCancelledEvent = "PickupCancelled";

    private readonly List<ShippingLabel> _labels = [];

    /// <summary>Every label made for the return through a carrier, oldest first.</summary>
    public IReadOnlyList<ShippingLabel> Labels => Order.InPosition(_labels, l => l.Sequence);

    /// <summary>The label the parcel can travel with at <paramref name="at"/>, if there is one.</summary>
    public ShippingLabel? LiveLabel(DateTimeOffset at) => _labels.Find(l => l.IsLive(at));

    /// <summary>
    /// Whether a carrier may be asked for a label now: the return is approved and not yet on its way, it does not
    /// come back in a store, its ship-by date has not passed, and no live label exists (void it first).
    /// </summary>
    public Result CanCreateLabel(DateTimeOffset at)
    {
        if (Status is not (ReturnStatus.Approved or ReturnStatus.AwaitingShipment))
        {
            return Result.Fail("return.label.notShippable", $"Return {Number} is {Status}: a label is made once the return is approved and before the parcel is on its way.", "status");
        }

        if (Method is ReturnMethod.InStore)
        {
            return Result.Fail("return.label.inStore", $"Return {Number} comes back in a store: it needs no carrier label.", "method");
        }

        if (ShipBy is { } deadline && at > deadline)
        {
            return Result.Fail("return.label.pastShipBy", string.Create(CultureInfo.InvariantCulture, $"Return {Number} had to be sent by {deadline:yyyy-MM-dd HH:mm} UTC; no new label is made after that."), "shipBy");
        }

        if (LiveLabel(at) is { } live)
        {
            return Result.Fail("return.label.live", $"Return {Number} already has a valid label ({live.Carrier} {live.TrackingNumber}); void it before making another.", "labels");
        }

        return Result.Ok();
    }

    /// <summary>
    /// Records the label a carrier made (<paramref name="issue"/>) under id <paramref name="labelId"/>. The first moves
    /// the return to awaiting shipment; a replacement becomes the return's tracking number.
    /// </summary>
    public Result AddLabel(Guid labelId, LabelIssue issue, Actor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(actor);
        var allowed = CanCreateLabel(at);
        if (!allowed.IsSuccess)
        {
            return allowed;
        }

        if (string.IsNullOrWhiteSpace(issue.Carrier) || string.IsNullOrWhiteSpace(issue.TrackingNumber) || issue.Cost < 0 || (issue.ExpiresAt is { } end && end <= at))
        {
            return Result.Fail("return.label.invalid", "A label needs a carrier, a tracking number, a cost of zero or more and an expiry after now.", "label");
        }

        if (Status is ReturnStatus.Approved)
        {
            var moved = IssueLabel(actor, issue.Carrier, issue.TrackingNumber, at);
            if (!moved.IsSuccess)
            {
                return moved;
            }
        }
        else
        {
            var replaced = TrackingNumber;
            LabelCarrier = issue.Carrier;
            TrackingNumber = issue.TrackingNumber;
            Record(at, actor, Status, Status, nameof(LabelIssued), $"{issue.Carrier} {issue.TrackingNumber}{(replaced is null ? string.Empty : $" (replaces {replaced})")}");
            Touch(at);
            Raise(new LabelIssued(Id, Number, at, issue.Carrier, issue.TrackingNumber));
        }

        _labels.Add(new ShippingLabel(labelId, _labels.Count, issue, at));
        return Result.Ok();
    }

    /// <summary>
    /// Voids a label before the parcel's first scan (the return is still approved or awaiting shipment). Its tracking
    /// number stops being the return's, and its pickup, if booked, goes with it; a new label can then be made.
    /// </summary>
    public Result VoidLabel(Guid labelId, string? reason, Actor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var label = _labels.Find(l => l.Id == labelId);
        if (label is null)
        {
            return Result.Fail("return.label.unknown", $"Return {Number} has no label {labelId}.", "labelId");
        }

        if (label.VoidedAt is not null)
        {
            return Result.Fail("return.label.voided", $"Label {label.TrackingNumber} was already voided.", "labelId");
        }

        if (Status is not (ReturnStatus.Approved or ReturnStatus.AwaitingShipment))
        {
            return Result.Fail("return.label.scanned", $"Return {Number} is {Status}: the parcel is with the carrier or the return has ended, so its label can no longer be voided.", "status");
        }

        var text = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (text is { Length: > 1000 })
        {
            return Result.Fail("return.label.reason", "The reason (at most 1,000 characters).", "reason");
        }

        label.Void(text, at);
        if (TrackingNumber == label.TrackingNumber && LabelCarrier == label.Carrier)
        {
            LabelCarrier = null;
            TrackingNumber = null;
        }

        Record(at, actor, Status, Status, LabelVoidedEvent, $"{label.Carrier} {label.TrackingNumber}{(text is null ? string.Empty : " — " + text)}");
        Touch(at);
        return Result.Ok();
    }

    /// <summary>Why a label was voided when its return ended before the parcel left.</summary>
    public const string ReturnEndedReason = "The return ended before the parcel was sent.";

    /// <summary>
    /// Voids the live label, if any, when the return ends before the parcel left (cancelled, expired), so the carrier
    /// does not bill it and its pickup is not kept; the web asks the carrier to void it too on the same event.
    /// </summary>
    private void EndLiveLabel(DateTimeOffset at)
    {
        if (LiveLabel(at) is not { } live)
        {
            return;
        }

        live.Void(ReturnEndedReason, at);
        LabelCarrier = null;
        TrackingNumber = null;
        Record(at, Actor.System, Status, Status, LabelVoidedEvent, $"{live.Carrier} {live.TrackingNumber} — {ReturnEndedReason}");
    }

    /// <summary>
    /// Whether the carrier can collect the parcel on <paramref name="booking"/>'s day and window: the return has a live
    /// label and is not on its way yet; the day is after <paramref name="today"/> (the day after only when booked
    /// before the carrier's cut-off, <paramref name="now"/> being the merchant's time of day), a weekday the carrier
    /// collects, and not after <paramref name="lastDay"/> (the ship-by date in the merchant's calendar); the window
    /// starts before it ends. Every broken rule is named with its field.
    /// </summary>
    public Result CheckPickup(PickupBooking booking, PickupCalendar calendar, DateOnly today, TimeOnly now, DateOnly? lastDay, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(booking);
        ArgumentNullException.ThrowIfNull(calendar);
        if (Status is not (ReturnStatus.Approved or ReturnStatus.AwaitingShipment))
        {
            return Result.Fail("return.pickup.notShippable", $"Return {Number} is {Status}: a pickup is booked once the return is approved and before the parcel is on its way.", "status");
        }

        if (LiveLabel(at) is null)
        {
            return Result.Fail("return.pickup.noLabel", $"Return {Number} has no valid label: make one before booking a pickup.", "labels");
        }

        var errors = new List<DomainError>();
        var earliest = today.AddDays(now <= calendar.CutOff ? 1 : 2);
        if (booking.Date <= today)
        {
            errors.Add(new("pickup.date.notFuture", "The pickup day must be after today.", "date"));
        }
        else if (booking.Date < earliest)
        {
            errors.Add(new("pickup.date.afterCutOff", string.Create(CultureInfo.InvariantCulture, $"Pickups for tomorrow are booked before {calendar.CutOff:HH\\:mm}; the first day left is {earliest:yyyy-MM-dd}."), "date"));
        }

        if (!calendar.Weekdays.Contains(booking.Date.DayOfWeek))
        {
            errors.Add(new("pickup.date.weekday", $"The carrier does not collect on {booking.Date.DayOfWeek}; it collects on {string.Join(", ", calendar.Weekdays.Order())}.", "date"));
        }

        if (lastDay is { } last && booking.Date > last)
        {
            errors.Add(new("pickup.date.afterShipBy", string.Create(CultureInfo.InvariantCulture, $"The parcel must be sent by {last:yyyy-MM-dd}; pick a day up to then."), "date"));
        }

        if (booking.From >= booking.To)
        {
            errors.Add(new("pickup.window", "The window's start must be before its end.", "window"));
        }

        return Result.Fail(errors);
    }

    /// <summary>Books (or moves) the home pickup of the live label, after <see cref="CheckPickup"/> and the carrier agreed.</summary>
    public Result BookPickup(PickupBooking booking, PickupCalendar calendar, DateOnly today, TimeOnly now, DateOnly? lastDay, Actor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var check = CheckPickup(booking, calendar, today, now, lastDay, at);
        if (!check.IsSuccess)
        {
            return check;
        }

        var label = LiveLabel(at)!;
        label.Book(booking);
        Record(at, actor, Status, Status, PickupBookedEvent, string.Create(CultureInfo.InvariantCulture, $"{label.Carrier} collects {label.TrackingNumber} on {booking.Date:yyyy-MM-dd} between {booking.From:HH\\:mm} and {booking.To:HH\\:mm}{(booking.Reference is null ? string.Empty : $" (booking {booking.Reference})")}."));
        Touch(at);
        return Result.Ok();
    }

    /// <summary>Cancels the booked pickup of the live label.</summary>
    public Result CancelPickup(Actor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (LiveLabel(at) is not { Pickup: { } booking } label)
        {
            return Result.Fail("return.pickup.none", $"Return {Number} has no pickup booked.", "pickup");
        }

        if (Status is not (ReturnStatus.Approved or ReturnStatus.AwaitingShipment))
        {
            return Result.Fail("return.pickup.notShippable", $"Return {Number} is {Status}: the parcel is already on its way.", "status");
        }

        label.Book(null);
        Record(at, actor, Status, Status, PickupCancelledEvent, string.Create(CultureInfo.InvariantCulture, $"Pickup of {label.TrackingNumber} on {booking.Date:yyyy-MM-dd} cancelled."));
        Touch(at);
        return Result.Ok();
    }
}
