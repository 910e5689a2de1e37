using Retour.Domain;
using Retour.Domain.Policies;
using Retour.Domain.Returns;

namespace Retour.Web.Features.Returns;

/// <summary>Approves a requested or reviewed return.</summary>
public sealed record ApproveReturnRequest(string? Note = null);

/// <summary>Approves the lines the policy did not refuse and sets the shipping deadline.</summary>
public static class ApproveReturn
{
    /// <summary>Applies the approval; the customer must ship within the configured days, counted in the merchant's calendar.</summary>
    public static Result Handle(ReturnCase returnCase, ApproveReturnRequest r, Actor actor, ReturnsOptions options, IEligibilityPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(returnCase);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(policy);
        var shipBy = MerchantCalendar.DaysAfter(now, options.ShipWithinDays, policy.TimeZone);
        return returnCase.Approve(actor, r?.Note, shipBy, now);
    }
}
