using Retour.Domain.Tests.Builders;

namespace Retour.Domain.Tests.Policies;

/// <summary>Instants on the merchant's wall clock in Paris.</summary>
internal static class Dates
{
    public static DateTimeOffset Paris(int year, int month, int day, int hour = 12, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, APolicy.Paris.GetUtcOffset(local));
    }
}
