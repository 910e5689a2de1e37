using System.ComponentModel.DataAnnotations;

namespace Retour.Web.Features.Shop;

/// <summary>
/// The merchant as shoppers see it, from configuration section <c>Shop</c>: the name, logo, colours and links every
/// portal page, email and return label carries, and the address parcels come back to.
/// </summary>
public sealed class ShopOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Shop";

    /// <summary>The shop's name as shoppers know it.</summary>
    [Required]
    [StringLength(100)]
    public string Name { get; set; } = "Atelier Demo";

    /// <summary>An absolute https URL, or a path served by Retour, of the logo; none shows the name as text.</summary>
    [StringLength(500)]
    public string? LogoUrl { get; set; }

    /// <summary>Main colour (buttons, links) as #rrggbb.</summary>
    [RegularExpression("^#[0-9a-fA-F]{6}$")]
    public string AccentColour { get; set; } = "#1f5fa8";

    /// <summary>Text colour on the accent colour, as #rrggbb.</summary>
    [RegularExpression("^#[0-9a-fA-F]{6}$")]
    public string OnAccentColour { get; set; } = "#ffffff";

    /// <summary>Where the shop's own site is (the portal links back to it).</summary>
    [Url]
    public string? WebsiteUrl { get; set; }

    /// <summary>The address shoppers reach Retour at, for links in emails (e.g. https://returns.example.com).</summary>
    [Url]
    public string PublicUrl { get; set; } = "http://localhost:5080";

    /// <summary>Where shoppers write to; the From of emails unless <c>Email:From</c> says otherwise.</summary>
    [EmailAddress]
    public string SupportEmail { get; set; } = "support@atelier-demo.example";

    /// <summary>The address returns are shipped to, one line per entry (name, street, postcode and town, country).</summary>
    public IList<string> ReturnAddress { get; } = [];

    /// <summary>The address lines, or the demo warehouse when none are configured.</summary>
    public IReadOnlyList<string> ReturnAddressLines => ReturnAddress.Count > 0
        ? [.. ReturnAddress]
        : ["Atelier Demo — Returns", "12 rue des Entrepôts", "69007 Lyon", "France"];

    /// <summary>
    /// The merchant's sites that hold stock: warehouses that receive parcels and stores that take returns over the
    /// counter (<c>Shop__Locations__0__Code</c>, <c>__Name</c>, <c>__Kind</c>).
    /// </summary>
    public IList<StockLocation> Locations { get; } = [];

    /// <summary>The configured sites, or the demo shop's warehouse and two stores when none are.</summary>
    public IReadOnlyList<StockLocation> StockLocations => Locations.Count > 0
        ? [.. Locations]
        :
        [
            new() { Code = "WH-LYON", Name = "Lyon warehouse", Kind = LocationKind.Warehouse },
            new() { Code = "STORE-PARIS", Name = "Paris store", Kind = LocationKind.Store },
            new() { Code = "STORE-MILANO", Name = "Milano store", Kind = LocationKind.Store },
        ];

    /// <summary>The site with this code (case-insensitive), or none.</summary>
    public StockLocation? FindLocation(string? code) =>
        code is null ? null : StockLocations.FirstOrDefault(l => string.Equals(l.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>What a site is.</summary>
public enum LocationKind
{
    /// <summary>Receives return parcels, inspects and restocks.</summary>
    Warehouse,

    /// <summary>A shop; takes returns of online orders at the counter.</summary>
    Store,
}

/// <summary>A site that holds stock.</summary>
public sealed class StockLocation
{
    /// <summary>Short code used in the stock ledger, e.g. <c>WH-LYON</c>.</summary>
    [Required]
    [RegularExpression("^[A-Z0-9][A-Z0-9-]{1,31}$")]
    public string Code { get; set; } = string.Empty;

    /// <summary>The name staff see.</summary>
    [Required]
    [StringLength(100)]
    public string Name { get; set; } = string.Empty;

    /// <summary>Warehouse or store.</summary>
    public LocationKind Kind { get; set; }
}

/// <summary>Registers the shop's settings.</summary>
public static class ShopModule
{
    /// <summary>Binds and validates section <c>Shop</c> at start-up.</summary>
    public static IServiceCollection AddShop(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShopOptions>().Bind(configuration.GetSection(ShopOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
