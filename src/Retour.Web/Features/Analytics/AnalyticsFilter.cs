using System.Globalization;
using Retour.Web.Infrastructure;

namespace Retour.Web.Features.Analytics;

/// <summary>
/// What every analytics measure is filtered by: a period of calendar days (UTC, both ends included) and, optionally,
/// one channel, shipping country, product category, return reason and currency. The API and the dashboard read it
/// from the same query string (<c>from</c>, <c>to</c>, <c>channel</c>, <c>country</c>, <c>category</c>,
/// <c>reason</c>, <c>currency</c>).
/// </summary>
/// <param name="From">First day of the period.</param>
/// <param name="To">Last day of the period (included).</param>
/// <param name="Channel">Only orders of this sales channel.</param>
/// <param name="Country">Only orders shipped to this country (ISO 3166-1 alpha-2).</param>
/// <param name="Category">Only order lines of this product category.</param>
/// <param name="Reason">Only returned units with this reason code (sales are not filtered by reason).</param>
/// <param name="Currency">Only amounts in this currency (ISO 4217); amounts in different currencies are never added up.</param>
public sealed record AnalyticsFilter(DateOnly From, DateOnly To, string? Channel = null, string? Country = null, string? Category = null, string? Reason = null, string? Currency = null)
{
    /// <summary>Longest period one question may cover.</summary>
    public const int MaxDays = 3_660;

    /// <summary>The period when none is given: the last 90 days up to today.</summary>
    public const int DefaultDays = 90;

    /// <summary>The first instant of the period (UTC).</summary>
    public DateTimeOffset Start => new(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The first instant after the period (UTC).</summary>
    public DateTimeOffset End => new(To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>
    /// Reads the filter from a query string; field errors name the parameter. Days are <c>yyyy-MM-dd</c>; a month
    /// alone (<c>from=2011-03</c>) means its first day for <c>from</c> and its last for <c>to</c>.
    /// </summary>
    public static (AnalyticsFilter? Filter, FieldErrors Errors) Parse(IQueryCollection query, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new FieldErrors();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var to = Day(query["to"], end: true, errors, "to") ?? today;
        var from = Day(query["from"], end: false, errors, "from") ?? to.AddDays(-(DefaultDays - 1));
        errors.Check(from <= to, "from", "The period's first day must not be after its last day.");
        errors.Check(to.DayNumber - from.DayNumber < MaxDays, "to", $"A period covers at most {MaxDays} days.");
        var country = Code(query["country"], 2, errors, "country");
        var currency = Code(query["currency"], 3, errors, "currency");
        var channel = Text(query["channel"], 64, errors, "channel");
        var category = Text(query["category"], 100, errors, "category");
        var reason = Text(query["reason"], 64, errors, "reason");
        return errors.IsEmpty ? (new AnalyticsFilter(from, to, channel, country, category, reason, currency), errors) : (null, errors);
    }

    /// <summary>
    /// Keeps the rows of the filter's channel, country, category, currency and (unless <paramref name="byReason"/> is
    /// false) reason: the one place every analytics table is narrowed by the filter's dimensions.
    /// </summary>
    public IQueryable<T> Narrow<T>(IQueryable<T> rows, bool byReason = true)
        where T : class, IAnalyticsDimensions
    {
        ArgumentNullException.ThrowIfNull(rows);
        rows = Channel is { } channel ? rows.Where(r => r.Channel == channel) : rows;
        rows = Country is { } country ? rows.Where(r => r.Country == country) : rows;
        rows = Category is { } category ? rows.Where(r => r.Category == category) : rows;
        rows = byReason && Reason is { } reason ? rows.Where(r => r.Reason == reason) : rows;
        return Currency is { } currency ? rows.Where(r => r.Currency == currency) : rows;
    }

    /// <summary>The filter as a query string (for links, drill-downs and CSV exports), without <c>?</c>.</summary>
    public string ToQuery()
    {
        var parts = new List<string> { $"from={From:yyyy-MM-dd}", $"to={To:yyyy-MM-dd}" };
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("channel", Channel);
        Add("country", Country);
        Add("category", Category);
        Add("reason", Reason);
        Add("currency", Currency);
        return string.Join('&', parts);
    }

    private static DateOnly? Day(string? text, bool end, FieldErrors errors, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        if (DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            return end ? month.AddMonths(1).AddDays(-1) : month;
        }

        errors.Check(false, field, "A day as yyyy-MM-dd, or a month as yyyy-MM.");
        return null;
    }

    private static string? Code(string? text, int length, FieldErrors errors, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var code = text.Trim().ToUpperInvariant();
        errors.Check(code.Length == length && code.All(char.IsAsciiLetterUpper), field, $"A code of {length} letters.");
        return code;
    }

    private static string? Text(string? text, int max, FieldErrors errors, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        errors.Check(text.Length <= max, field, $"At most {max} characters.");
        return text.Trim();
    }
}

/// <summary>A row the analytics filter narrows: the dimensions it filters on.</summary>
public interface IAnalyticsDimensions
{
    /// <summary>Sales channel.</summary>
    string? Channel { get; }

    /// <summary>Country.</summary>
    string? Country { get; }

    /// <summary>Product category.</summary>
    string? Category { get; }

    /// <summary>Return reason.</summary>
    string? Reason { get; }

    /// <summary>Currency.</summary>
    string Currency { get; }
}
