using Retour.Domain.Returns;

namespace Retour.Web.Features.Portal;

/// <summary>One milestone of a return as the shopper follows it; <see cref="At"/> is null until it is reached.</summary>
public sealed record PortalStep(string Key, DateTimeOffset? At, bool Stop = false);

/// <summary>
/// A return's life told in the five milestones a shopper cares about — requested, approved, on its way, received,
/// refunded — or ending early in review, declined, cancelled or expired. Read from the return's own timeline.
/// </summary>
public static class PortalStatus
{
    /// <summary>The sentence key naming the state a shopper sees.</summary>
    public static string StepKey(ReturnStatus status) => status switch
    {
        ReturnStatus.Requested => "Step_Requested",
        ReturnStatus.InReview => "Step_InReview",
        ReturnStatus.Approved or ReturnStatus.AwaitingShipment => "Step_Approved",
        ReturnStatus.InTransit => "Step_InTransit",
        ReturnStatus.Received or ReturnStatus.Inspected => "Step_Received",
        ReturnStatus.Resolved or ReturnStatus.Closed => "Step_Refunded",
        ReturnStatus.Rejected => "Step_Rejected",
        ReturnStatus.Cancelled => "Step_Cancelled",
        ReturnStatus.Expired => "Step_Expired",
        _ => "Step_Requested",
    };

    /// <summary>The milestones of <paramref name="returnCase"/>, in order.</summary>
    public static IReadOnlyList<PortalStep> Steps(ReturnCase returnCase)
    {
        ArgumentNullException.ThrowIfNull(returnCase);
        var timeline = returnCase.Timeline;
        DateTimeOffset? Reached(params ReturnStatus[] states) => timeline.FirstOrDefault(t => states.Contains(t.To))?.At;
        var steps = new List<PortalStep> { new("Step_Requested", returnCase.RequestedAt) };
        var review = Reached(ReturnStatus.InReview);
        if (review is not null)
        {
            steps.Add(new("Step_InReview", review));
        }

        var ended = Reached(ReturnStatus.Rejected, ReturnStatus.Cancelled, ReturnStatus.Expired);
        var approved = Reached(ReturnStatus.Approved, ReturnStatus.AwaitingShipment);
        if (ended is not null)
        {
            if (approved is not null)
            {
                steps.Add(new("Step_Approved", approved));
            }

            steps.Add(new(StepKey(returnCase.Status), ended, Stop: true));
            return steps;
        }

        var refunded = returnCase.Refunds.Where(r => r.Status == RefundStatus.Succeeded).Select(r => r.CompletedAt).Max();
        steps.Add(new("Step_Approved", approved));
        steps.Add(new("Step_InTransit", Reached(ReturnStatus.InTransit)));
        steps.Add(new("Step_Received", Reached(ReturnStatus.Received)));
        steps.Add(new("Step_Refunded", refunded ?? Reached(ReturnStatus.Resolved)));
        return steps;
    }
}
