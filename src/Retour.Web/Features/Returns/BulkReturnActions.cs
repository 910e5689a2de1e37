using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Retour.Domain;
using Retour.Domain.Returns;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Returns;

/// <summary>What a bulk action did to one return: done, or refused with the rule's message.</summary>
public sealed record BulkOutcome(string Number, bool Done, string Message);

/// <summary>
/// One action on many returns chosen in a list (approve selected, mark received). Each return is its own transaction
/// through <see cref="StaffActions"/> with its audit entry, so one refusal neither stops nor undoes the others.
/// </summary>
public static class BulkReturnActions
{
    /// <summary>The most returns one bulk action takes: a full page of the list.</summary>
    public const int MaxReturns = ListReturns.MaxLimit;

    /// <summary>Approves each return, as the return's own page does (policy <see cref="StaffPolicies.Decide"/>).</summary>
    public static Task<IReadOnlyList<BulkOutcome>> ApproveAsync(StaffActions actions, RetourDbContext db, PolicyBook book, ClaimsPrincipal user, IEnumerable<string> numbers, CancellationToken ct) =>
        RunAsync(actions, db, user, StaffPolicies.Decide, numbers, "return.approved", "Approved.", async (r, actor, now) => await ApproveReturn.HandleAsync(r, null, actor, db, book, now, ct), ct);

    /// <summary>Receives every approved unit of each return not received yet (policy <see cref="StaffPolicies.Receive"/>).</summary>
    public static Task<IReadOnlyList<BulkOutcome>> ReceiveAsync(StaffActions actions, RetourDbContext db, ClaimsPrincipal user, IEnumerable<string> numbers, CancellationToken ct) =>
        RunAsync(actions, db, user, StaffPolicies.Receive, numbers, "return.received", "Every expected unit received.", (r, actor, now) => Task.FromResult(ReceiveExpected(r, actor, now)), ct);

    /// <summary>Receives every approved unit not received yet; refused when none is expected.</summary>
    public static Result ReceiveExpected(ReturnCase returnCase, Actor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(returnCase);
        var expected = returnCase.Lines
            .Where(l => l.ApprovedQuantity > l.ReceivedQuantity)
            .Select(l => (l.Id, l.ApprovedQuantity - l.ReceivedQuantity))
            .ToList();
        return expected.Count == 0
            ? Result.Fail("receipt.nothingExpected", string.Create(CultureInfo.InvariantCulture, $"Nothing to receive: {returnCase.Number} has no approved unit still expected (it is {returnCase.Status})."))
            : returnCase.Receive(actor, expected, at);
    }

    private static async Task<IReadOnlyList<BulkOutcome>> RunAsync(
        StaffActions actions,
        RetourDbContext db,
        ClaimsPrincipal user,
        string policy,
        IEnumerable<string> numbers,
        string action,
        string done,
        Func<ReturnCase, Actor, DateTimeOffset, Task<Result>> change,
        CancellationToken ct)
    {
        var outcomes = new List<BulkOutcome>();
        foreach (var number in numbers.Select(n => n.Trim().ToUpperInvariant()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Take(MaxReturns))
        {
            StaffActionOutcome outcome;
            try
            {
                outcome = await actions.OnReturnAsync(user, policy, number, action, "bulk", change, ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                outcomes.Add(new(number, false, "Someone changed this return meanwhile; nothing was done to it. Try again."));
                continue;
            }
            finally
            {
                // Each return is read afresh: nothing of one return's unit of work leaks into the next.
                db.ChangeTracker.Clear();
            }

            outcomes.Add(outcome.Status switch
            {
                StaffActionStatus.Done => new(number, true, done),
                StaffActionStatus.NotFound => new(number, false, "No return has this number."),
                StaffActionStatus.Forbidden => new(number, false, "Your role may not do this."),
                _ => new(number, false, outcome.Problem ?? "Refused."),
            });
        }

        return outcomes;
    }
}
