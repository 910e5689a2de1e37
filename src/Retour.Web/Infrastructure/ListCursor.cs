using System.Globalization;
using System.Text;

namespace Retour.Web.Infrastructure;

/// <summary>
/// The opaque cursor of a list ordered by time: the last row's instant and a tie-breaking key, URL-safe base64, and
/// whether the list runs oldest first (a cursor of one order is refused by the other). Every list that pages by time
/// (returns, sent emails) writes and reads it here.
/// </summary>
public static class ListCursor
{
    private const string OldestFirstMark = "asc";

    /// <summary>The cursor after the row at <paramref name="at"/> with <paramref name="key"/>, in a list ordered newest first unless <paramref name="oldestFirst"/>.</summary>
    public static string Encode(DateTimeOffset at, string key, bool oldestFirst = false) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{at.UtcTicks}|{key}{(oldestFirst ? "|" + OldestFirstMark : string.Empty)}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// The instant and key in <paramref name="cursor"/>, or null when it is not one this API gave out, the key fails
    /// <paramref name="keyIsValid"/>, or it was given out by the list in the other order.
    /// </summary>
    public static (DateTimeOffset At, string Key)? Decode(string cursor, Func<string, bool> keyIsValid, bool oldestFirst = false)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        ArgumentNullException.ThrowIfNull(keyIsValid);
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|');
            return (oldestFirst ? parts.Length == 3 && parts[2] == OldestFirstMark : parts.Length == 2)
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks
                && keyIsValid(parts[1])
                ? (new DateTimeOffset(ticks, TimeSpan.Zero), parts[1])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
