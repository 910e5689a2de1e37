namespace Retour.Web.Features.Import;

/// <summary>Country names as the Online Retail file writes them, to ISO 3166-1 alpha-2 codes.</summary>
public static class Countries
{
    /// <summary>The code for a country the file does not name (<c>Unspecified</c>, <c>European Community</c>): ZZ, ISO's user-assigned "unknown".</summary>
    public const string Unknown = "ZZ";

    private static readonly Dictionary<string, string> Codes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["United Kingdom"] = "GB", ["France"] = "FR", ["Australia"] = "AU", ["Netherlands"] = "NL", ["Germany"] = "DE",
        ["Norway"] = "NO", ["EIRE"] = "IE", ["Ireland"] = "IE", ["Switzerland"] = "CH", ["Spain"] = "ES", ["Poland"] = "PL",
        ["Portugal"] = "PT", ["Italy"] = "IT", ["Belgium"] = "BE", ["Lithuania"] = "LT", ["Japan"] = "JP", ["Iceland"] = "IS",

        // The Channel Islands are Jersey (JE) and Guernsey (GG); the file does not say which: Jersey, the larger.
        ["Channel Islands"] = "JE",
        ["Denmark"] = "DK", ["Cyprus"] = "CY", ["Sweden"] = "SE", ["Austria"] = "AT", ["Israel"] = "IL", ["Finland"] = "FI",
        ["Bahrain"] = "BH", ["Greece"] = "GR", ["Hong Kong"] = "HK", ["Singapore"] = "SG", ["Lebanon"] = "LB",
        ["United Arab Emirates"] = "AE", ["Saudi Arabia"] = "SA", ["Czech Republic"] = "CZ", ["Canada"] = "CA",
        ["Brazil"] = "BR", ["USA"] = "US", ["United States"] = "US", ["Malta"] = "MT", ["RSA"] = "ZA", ["South Africa"] = "ZA",
        ["Unspecified"] = Unknown, ["European Community"] = Unknown,
    };

    /// <summary>The ISO code of a country name, <see cref="Unknown"/> for a name not in the list; a two-letter code is kept.</summary>
    public static string ToIso(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Codes.TryGetValue(name.Trim(), out var code))
        {
            return code;
        }

        return name.Length == 2 && name.All(char.IsAsciiLetter) ? name.ToUpperInvariant() : Unknown;
    }
}
