using System.Globalization;
using Retour.Domain.Orders;
using Retour.Domain.Policies;

namespace Retour.Domain.Returns;

/// <summary>Receiving: counting a parcel against the return, and opening a return for a parcel nobody announced.</summary>
public sealed partial class ReturnCase
{
    private readonly List<ReceiptDiscrepancy> _discrepancies = [];

    /// <summary>Differences found between what was announced and what parcels held, oldest first.</summary>
    public IReadOnlyList<ReceiptDiscrepancy> Discrepancies => Order.InPosition(_discrepancies, d => d.Position);

    /// <summary>Approved units not arrived yet, per SKU (what receiving still expects).</summary>
    public IReadOnlyList<(string Sku, int Units)> StillExpected =>
        [.. _lines.Where(l => l.ApprovedQuantity > l.ReceivedQuantity).OrderBy(l => l.Position).Select(l => (l.Sku, l.ApprovedQuantity - l.ReceivedQuantity))];

    /// <summary>
    /// Records one parcel as counted: per line, the units found (zero allowed), and items that are not on the return.
    /// Up to what each line still expects is received; a surplus is flagged as unexpected, a shortfall as missing
    /// (the return stays received with more expected). The return moves to received once at least one approved unit
    /// arrived; a parcel holding none of them is recorded without moving it.
    /// </summary>
    public Result ReceiveParcel(Actor actor, IReadOnlyList<CountedLine> counted, IReadOnlyList<UnexpectedItem> unexpected, string? location, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(counted);
        ArgumentNullException.ThrowIfNull(unexpected);
        var guard = Guard(ReturnStatus.Received);
        if (!guard.IsSuccess)
        {
            return guard;
        }

        var errors = new List<DomainError>();
        var seen = new HashSet<Guid>();
        for (var i = 0; i < counted.Count; i++)
        {
            if (_lines.All(l => l.Id != counted[i].LineId))
            {
                errors.Add(new("return.line.unknown", $"Line {counted[i].LineId} is not on return {Number}.", $"lines[{i}].lineId"));
            }
            else if (!seen.Add(counted[i].LineId))
            {
                errors.Add(new("receipt.line.duplicate", "Count each line once.", $"lines[{i}].lineId"));
            }
            else if (counted[i].Quantity < 0)
            {
                errors.Add(new("receipt.quantity.negative", "A count cannot be negative.", $"lines[{i}].quantity"));
            }
        }

        for (var i = 0; i < unexpected.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(unexpected[i].Sku))
            {
                errors.Add(new("receipt.unexpected.skuRequired", "Say which item it is (its SKU or barcode).", $"unexpected[{i}].sku"));
            }

            if (unexpected[i].Quantity < 1)
            {
                errors.Add(new("receipt.unexpected.quantity", "At least one unit.", $"unexpected[{i}].quantity"));
            }
        }

        if (errors.Count == 0 && counted.All(c => c.Quantity == 0) && unexpected.Count == 0)
        {
            errors.Add(new("receipt.empty", "Nothing was counted: record the units in the parcel, or the items that should not be in it.", "lines"));
        }

        if (errors.Count > 0)
        {
            return Result.Fail(errors);
        }

        var received = 0;
        var flagged = new List<ReceiptDiscrepancy>();
        foreach (var line in _lines.OrderBy(l => l.Position))
        {
            var count = counted.FirstOrDefault(c => c.LineId == line.Id)?.Quantity ?? 0;
            var expected = line.ApprovedQuantity - line.ReceivedQuantity;
            var taken = Math.Min(count, expected);
            if (taken > 0)
            {
                line.Receive(taken);
                received += taken;
            }

            if (count > taken)
            {
                flagged.Add(Flag(at, actor, DiscrepancyKind.Unexpected, line.Sku, count - taken, string.Create(CultureInfo.InvariantCulture, $"More than approved: {count} counted, {expected} expected.")));
            }
            else if (expected > taken && counted.Any(c => c.LineId == line.Id))
            {
                flagged.Add(Flag(at, actor, DiscrepancyKind.Missing, line.Sku, expected - taken, "Not in the parcel; still expected."));
            }
        }

        foreach (var item in unexpected)
        {
            flagged.Add(Flag(at, actor, DiscrepancyKind.Unexpected, item.Sku.Trim(), item.Quantity, string.IsNullOrWhiteSpace(item.Note) ? "Not on the return." : item.Note.Trim()));
        }

        var where = string.IsNullOrWhiteSpace(location) ? string.Empty : $" at {location.Trim()}";
        if (received > 0)
        {
            var complete = IsFullyReceived;
            Move(ReturnStatus.Received, actor, at, nameof(ItemsReceived), string.Create(CultureInfo.InvariantCulture, $"{received} unit(s) received{where}{(complete ? "; all approved units are in" : "; more expected")}."));
            Raise(new ItemsReceived(Id, Number, at, received, complete));
        }

        if (flagged.Count > 0)
        {
            var summary = string.Join("; ", flagged.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Kind} {d.Quantity} × {d.Sku}")));
            Record(at, actor, Status, Status, nameof(DiscrepanciesFound), $"Parcel counted{where}: {summary}.");
            Touch(at);
            Raise(new DiscrepanciesFound(Id, Number, at, Units(flagged, DiscrepancyKind.Missing), Units(flagged, DiscrepancyKind.Unexpected), Units(flagged, DiscrepancyKind.PolicyReview)));
        }

        return Result.Ok();
    }

    /// <summary>
    /// Opens a return for a parcel that is already here: an unannounced one matched to its order, or one sent with the
    /// pre-printed label of the original parcel. The policy decides every line and its decision is kept, but goods in
    /// hand are never refused: the return is approved and every line received in one step, and a line the policy did
    /// not find eligible is flagged for review before anything is settled. Quantities are still bounded by what the
    /// order holds that no other return claims; units beyond go in <paramref name="unexpected"/>.
    /// </summary>
    public static (ReturnCase? Case, Result Result) RegisterArrival(
        Order order,
        IReadOnlyList<RequestedLine> lines,
        IReadOnlyList<UnexpectedItem> unexpected,
        IReadOnlyDictionary<Guid, int> claimedElsewhere,
        IEligibilityPolicy policy,
        ReturnChannel channel,
        Actor actor,
        string number,
        string? creationKey,
        string? location,
        DateTimeOffset at,
        CustomerHistory? history = null)
    {
        ArgumentNullException.ThrowIfNull(unexpected);
        if (!ArrivesWithTheGoods(channel))
        {
            return (null, Result.Fail("return.arrival.channel", $"Only unannounced parcels and pre-printed labels are registered on arrival, not {channel}.", "channel"));
        }

        var (returnCase, result) = Request(order, lines, claimedElsewhere, policy, channel, actor, number, creationKey, at, history);
        if (!result.IsSuccess)
        {
            return (null, result);
        }

        if (returnCase!.Status is ReturnStatus.Requested or ReturnStatus.InReview)
        {
            returnCase.Approve(actor, "Approved on arrival: the parcel is already here.", at, at);
        }

        var refused = returnCase._lines.Where(l => l.Outcome != DecisionOutcome.Eligible).ToList();
        foreach (var line in refused)
        {
            line.AcceptOnArrival();
        }

        var received = returnCase.ReceiveParcel(actor, [.. returnCase._lines.Select(l => new CountedLine(l.Id, l.Quantity))], unexpected, location, at);
        if (!received.IsSuccess)
        {
            return (null, received);
        }

        if (refused.Count > 0)
        {
            var review = refused
                .Select(l => returnCase.Flag(at, actor, DiscrepancyKind.PolicyReview, l.Sku, l.Quantity, $"Policy: {l.Outcome}. {string.Join(" ", l.DecisionReasons.Select(r => r.Text))}".Trim()))
                .ToList();
            returnCase.Record(at, actor, returnCase.Status, returnCase.Status, nameof(DiscrepanciesFound), $"To review before settling: {string.Join("; ", review.Select(d => $"{d.Quantity} × {d.Sku}"))}.");
            returnCase.Raise(new DiscrepanciesFound(returnCase.Id, number, at, 0, 0, Units(review, DiscrepancyKind.PolicyReview)));
        }

        return (returnCase, Result.Ok());
    }

    /// <summary>Channels whose parcel is in the warehouse when the return is opened.</summary>
    private static bool ArrivesWithTheGoods(ReturnChannel channel) => channel is ReturnChannel.Unannounced or ReturnChannel.PrePrintedLabel;

    private static int Units(List<ReceiptDiscrepancy> flagged, DiscrepancyKind kind) => flagged.Where(d => d.Kind == kind).Sum(d => d.Quantity);

    private ReceiptDiscrepancy Flag(DateTimeOffset at, Actor actor, DiscrepancyKind kind, string sku, int quantity, string? note)
    {
        var discrepancy = new ReceiptDiscrepancy(Guid.CreateVersion7(at), _discrepancies.Count, at, actor, kind, sku, quantity, note);
        _discrepancies.Add(discrepancy);
        return discrepancy;
    }
}
