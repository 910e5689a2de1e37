using Retour.Domain.Policies;

namespace Retour.Domain.Tests.Builders;

/// <summary>Return-window policies for tests: Paris time, final-sale items excluded, three reasons.</summary>
public static class APolicy
{
    /// <summary>A reason the customer is at fault for.</summary>
    public const string ChangedMind = "changed-mind";

    /// <summary>A reason the merchant is at fault for.</summary>
    public const string Defective = "defective";

    /// <summary>A reason the carrier is at fault for.</summary>
    public const string DamagedInTransit = "damaged-in-transit";

    /// <summary>The merchant's time zone.</summary>
    public static TimeZoneInfo Paris { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>A window of <paramref name="days"/> days in Paris, with final-sale and hygiene-sealed items excluded.</summary>
    public static ReturnWindowPolicy WithWindow(int days = 30) =>
        new(
            days,
            ["final-sale", "hygiene-sealed"],
            new Dictionary<string, ReasonFault>
            {
                [ChangedMind] = ReasonFault.Customer,
                [Defective] = ReasonFault.Merchant,
                [DamagedInTransit] = ReasonFault.Carrier,
            },
            Paris,
            "test-1");
}
