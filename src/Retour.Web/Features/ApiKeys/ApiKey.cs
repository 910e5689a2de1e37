namespace Retour.Web.Features.ApiKeys;

/// <summary>
/// A key an administrator made for one integration (the shop, a carrier, a helpdesk, an ERP). The key itself is shown
/// once; only its SHA-256 is kept, with a short public prefix to find it and to recognise it in lists.
/// </summary>
public sealed class ApiKey
{
    /// <summary>Longest name.</summary>
    public const int MaxName = 80;

    /// <summary>Key.</summary>
    public Guid Id { get; set; }

    /// <summary>What the key is for, e.g. "Shopify shop" or "Zendesk"; recorded as the actor of what it does.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The public part at the start of the key (<c>rtr_XXXXXXXX</c>), unique, shown in lists.</summary>
    public string Prefix { get; set; } = string.Empty;

    /// <summary>SHA-256 of the whole key.</summary>
    public byte[] Hash { get; set; } = [];

    /// <summary>The scopes granted, space-separated (see <see cref="ApiScopes"/>).</summary>
    public string Scopes { get; set; } = string.Empty;

    /// <summary>The staff role the key acts with for staff decisions; none gives every role (a trusted integration).</summary>
    public string? Role { get; set; }

    /// <summary>Requests per minute allowed to this key; none means the host's default.</summary>
    public int? PerMinute { get; set; }

    /// <summary>When it was made.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Who made it.</summary>
    public string CreatedBy { get; set; } = string.Empty;

    /// <summary>When it was last used, to the minute.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>When it stops working by itself, if ever.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>When it was revoked.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Who revoked it.</summary>
    public string? RevokedBy { get; set; }

    /// <summary>The scopes as a list.</summary>
    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>True while the key opens the API.</summary>
    public bool IsLive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is not { } expires || expires > now);
}
