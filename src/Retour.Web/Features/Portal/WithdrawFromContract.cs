using Retour.Domain.Policies;
using Retour.Domain.Returns;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Returns;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Portal;

/// <summary>What the consumer is shown, and emailed, once the withdrawal is recorded.</summary>
public sealed record WithdrawalAcknowledgement(string Reference, string Email, string Statement, string Day, string Time);

/// <summary>
/// Records a withdrawal statement from the portal's withdrawal function. The statement is saved first, with its
/// acknowledgement queued in the same transaction, because it is valid when sent whatever happens next. When the
/// order number and email match an order, a return is then opened for every item still held (channel Withdrawal,
/// the policy's change-of-mind reason; the engine applies the legal right), keyed by the statement so a retry opens
/// it once, and linked to the statement. The answer is the same whether or not anything matched.
/// </summary>
public sealed class WithdrawFromContract(RetourDbContext db, PolicyBook book, PortalThrottle throttle, TimeProvider clock)
{
    /// <summary>Records the statement and answers the acknowledgement.</summary>
    public async Task<WithdrawalAcknowledgement> HandleAsync(string name, string email, string orderNumber, string locale, string? client, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (notice, result) = WithdrawalNotice.Receive(name, email, orderNumber, locale, now, (n, o) => PortalText.Format("Withdraw_Statement", n, o));
        if (notice is null)
        {
            throw new ArgumentException(string.Join(" ", result.Errors.Select(e => e.Message)), nameof(name));
        }

        db.WithdrawalNotices.Add(notice);
        db.OutboxMessages.Add(OutboxMessage.Of(new WithdrawalReceived(notice.Id, notice.Reference, now), now));
        await db.SaveChangesAsync(ct);

        // Matching counts as a look-up, so the form cannot be used to test order numbers against addresses.
        if (throttle.TryLookUp(notice.OrderNumber, notice.Email, client)
            && await PortalAccess.FindAsync(db, notice.OrderNumber, notice.Email, ct, postcodeAllowed: false) is { } order)
        {
            var opened = await OpenReturnAsync(notice, order, ct);
            db.ChangeTracker.Clear();
            db.WithdrawalNotices.Attach(notice);
            notice.MatchTo(order.Id, opened);
            await db.SaveChangesAsync(ct);
        }

        var zone = (await book.CurrentAsync(db, ct)).TimeZone;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        return new WithdrawalAcknowledgement(
            notice.Reference,
            notice.Email,
            notice.Statement,
            local.ToString("D", PortalText.Culture),
            local.ToString("t", PortalText.Culture) + " (" + zone.Id + ")");
    }

    private async Task<ReturnCase?> OpenReturnAsync(WithdrawalNotice notice, Domain.Orders.Order order, CancellationToken ct)
    {
        var claimed = await RequestReturn.ClaimedAsync(db, order.Id, ct);
        var policy = await book.ForOrderAsync(db, order.PlacedAt, ct);
        var reason = policy.Current.Policy.Reasons.FirstOrDefault(r => r.Claim == ClaimKind.ChangeOfMind)?.Code ?? "changed-mind";
        List<RequestReturnLine> lines = [.. order.Lines
            .Select(l => (Line: l, Left: l.Quantity - claimed.GetValueOrDefault(l.Id)))
            .Where(x => x.Left > 0)
            .Select(x => new RequestReturnLine(x.Line.Id, x.Left, reason, Resolution.Refund, "Withdrawal from the contract (" + notice.Reference + ")."))];
        if (lines.Count == 0)
        {
            return null;
        }

        var outcome = await RequestReturn.OpenAsync(
            new RequestReturnRequest(order.Id, lines, ReturnChannel.Withdrawal),
            new Actor(ActorKind.Customer, notice.Email),
            "withdrawal:" + notice.Id.ToString("N"),
            db,
            book,
            clock,
            ct);
        return outcome.Value;
    }
}
