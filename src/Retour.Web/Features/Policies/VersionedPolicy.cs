using Retour.Domain.Policies;
using Retour.Domain.Returns;

namespace Retour.Web.Features.Policies;

/// <summary>
/// Judges a line by the policy in force when the order was placed and by the current one, and keeps whichever is
/// more generous to the customer (<see cref="PolicyVersions.Decide"/>). Return creation and the eligibility dry run
/// both decide through this, so a dry run answers exactly what opening the return would.
/// </summary>
public sealed class VersionedPolicy(CompiledPolicy atPurchase, CompiledPolicy current) : IEligibilityPolicy
{
    /// <summary>The version in force when the order was placed.</summary>
    public CompiledPolicy AtPurchase { get; } = atPurchase;

    /// <summary>The version in force now.</summary>
    public CompiledPolicy Current { get; } = current;

    /// <inheritdoc />
    public string Version => Current.Version;

    /// <inheritdoc />
    public TimeZoneInfo TimeZone => Current.TimeZone;

    /// <inheritdoc />
    public ReasonFault? FaultOf(string reasonCode) => Current.FaultOf(reasonCode) ?? AtPurchase.FaultOf(reasonCode);

    /// <inheritdoc />
    public LineDecision Decide(in LineFacts facts, DateTimeOffset now) => PolicyVersions.Decide(AtPurchase, Current, facts, now);

    /// <summary>The shipping deadline for an approval now: the later of the two versions' (the more generous).</summary>
    public DateTimeOffset ShipBy(DateTimeOffset at)
    {
        var current = Current.ShipBy(at);
        var then = AtPurchase.ShipBy(at);
        return then > current ? then : current;
    }
}
