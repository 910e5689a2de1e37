using System.Globalization;
using System.Text;

namespace Retour.Web.Infrastructure;

/// <summary>
/// The opaque cursor of a newest-first list: the last row's instant and a tie-breaking key, URL-safe base64. Every
/// list that pages by time (returns, sent emails) writes and reads it here.
/// </summary>
public static class ListCursor
{
    /// <summary>The cursor after the row at <paramref name="at"/> with <paramref name="key"/>.</summary>
    public static string Encode(DateTimeOffset at, string key) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{at.UtcTicks}|{key}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The instant and key in <paramref name="cursor"/>, or null when it is not one this API gave out or the key fails <paramref name="keyIsValid"/>.</summary>
    public static (DateTimeOffset At, string Key)? Decode(string cursor, Func<string, bool> keyIsValid)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        ArgumentNullException.ThrowIfNull(keyIsValid);
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|');
            return parts.Length == 2
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
