namespace Retour.Domain.Policies;

/// <summary>Calendar days in the merchant's time zone: a period that ends on a day lasts until that day's midnight.</summary>
public static class MerchantCalendar
{
    /// <summary>The calendar date of an instant in the zone.</summary>
    public static DateOnly LocalDate(DateTimeOffset at, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    /// <summary>The last instant (UTC) of a calendar day in the zone.</summary>
    public static DateTimeOffset EndOfDay(DateOnly day, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var nextMidnight = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(nextMidnight, zone.GetUtcOffset(nextMidnight)).AddTicks(-1).ToUniversalTime();
    }

    /// <summary>The end of the day that is <paramref name="days"/> calendar days after the day of <paramref name="from"/>.</summary>
    public static DateTimeOffset DaysAfter(DateTimeOffset from, int days, TimeZoneInfo zone) =>
        EndOfDay(LocalDate(from, zone).AddDays(days), zone);
}
