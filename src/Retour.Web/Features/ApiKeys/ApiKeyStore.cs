using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Retour.Web.Features.Staff;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.ApiKeys;

/// <summary>Making and revoking keys (the back office and the command line share it), each change audited.</summary>
public sealed class ApiKeyAdmin(RetourDbContext db, ApiKeyLookup lookup, TimeProvider clock)
{
    /// <summary>Most requests per minute a key may be given.</summary>
    public const int MaxPerMinute = 1_000_000;

    /// <summary>Makes a key; returns it with the key in clear (shown this once), or the field errors.</summary>
    public async Task<(ApiKey? Key, string? Secret, FieldErrors Errors)> CreateAsync(string? name, IReadOnlyList<string>? scopes, string? role, int? perMinute, DateTimeOffset? expiresAt, string by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(by);
        var now = clock.GetUtcNow();
        var errors = new FieldErrors().Text(name, "name", ApiKey.MaxName);
        errors.Check(scopes is { Count: > 0 }, "scopes", "Give at least one scope.");
        foreach (var unknown in (scopes ?? []).Where(s => !ApiScopes.IsKnown(s)))
        {
            errors.Check(false, "scopes", $"'{unknown}' is not a scope; the scopes are {string.Join(", ", ApiScopes.All.Select(s => s.Name))}.");
        }

        errors.Check(role is null || StaffRoles.All.Contains(role), "role", $"The role is one of {string.Join(", ", StaffRoles.All)}, or none for every role.");
        errors.Check(perMinute is null or (> 0 and <= MaxPerMinute), "perMinute", $"Between 1 and {MaxPerMinute} requests per minute.");
        errors.Check(expiresAt is null || expiresAt > now, "expiresAt", "The expiry must be in the future.");
        if (!errors.IsEmpty)
        {
            return (null, null, errors);
        }

        var (prefix, secret) = ApiKeyLookup.NewKey();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(now),
            Name = name!.Trim(),
            Prefix = prefix,
            Hash = SHA256.HashData(Encoding.UTF8.GetBytes(secret)),
            Scopes = string.Join(' ', scopes!.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
            Role = role,
            PerMinute = perMinute,
            CreatedAt = now,
            CreatedBy = by,
            ExpiresAt = expiresAt,
        };
        db.ApiKeys.Add(key);
        db.AuditEntries.Add(AuditEntry.Of(now, null, by, "apiKey.created", key.Prefix, $"{key.Name}: {key.Scopes}{(role is null ? string.Empty : " as " + role)}"));
        await db.SaveChangesAsync(ct);
        return (key, secret, errors);
    }

    /// <summary>Revokes a key at once on this instance (other instances within <see cref="ApiKeyLookup.CacheFor"/>); false when there is no such live key.</summary>
    public async Task<bool> RevokeAsync(Guid id, string by, CancellationToken ct)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct);
        if (key is null || key.RevokedAt is not null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        key.RevokedAt = now;
        key.RevokedBy = by;
        db.AuditEntries.Add(AuditEntry.Of(now, null, by, "apiKey.revoked", key.Prefix, key.Name));
        await db.SaveChangesAsync(ct);
        lookup.Forget(key.Prefix);
        return true;
    }
}

/// <summary>
/// Finds the key a request presents. Keys are looked up by their public prefix and compared by hash in constant
/// time; what was found is kept for <see cref="CacheFor"/> so a busy integration does not read the table on every
/// request, and the last use is written at most once a minute per key.
/// </summary>
public sealed class ApiKeyLookup(IServiceScopeFactory scopes, IMemoryCache cache, TimeProvider clock)
{
    /// <summary>What every managed key starts with.</summary>
    public const string Marker = "rtr_";

    /// <summary>How long a key found stays in memory; a revocation on another instance takes effect within it.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private const int PrefixLength = 12;
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    /// <summary>A new key: its public prefix and the whole key.</summary>
    public static (string Prefix, string Key) NewKey()
    {
        var prefix = Marker + RandomNumberGenerator.GetString(Alphabet, PrefixLength - Marker.Length);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)).Replace('+', '-').Replace('/', '_');
        return (prefix, prefix + "_" + secret);
    }

    /// <summary>True when the text has the shape of a managed key.</summary>
    public static bool IsManaged(string presented) =>
        presented is not null && presented.Length > PrefixLength + 1 && presented.StartsWith(Marker, StringComparison.Ordinal) && presented[PrefixLength] == '_';

    /// <summary>The live key presented, or null (unknown, wrong, revoked or expired).</summary>
    public async Task<ApiKey?> FindAsync(string presented, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(presented);
        if (!IsManaged(presented))
        {
            return null;
        }

        var prefix = presented[..PrefixLength];
        var key = await cache.GetOrCreateAsync(CacheKey(prefix), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<RetourDbContext>();
            return await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Prefix == prefix, ct);
        });
        var now = clock.GetUtcNow();
        if (key is null || !key.IsLive(now) || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), key.Hash))
        {
            return null;
        }

        if (key.LastUsedAt is not { } last || now - last >= TouchEvery)
        {
            key.LastUsedAt = now;
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<RetourDbContext>();
            await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
        }

        return key;
    }

    /// <summary>Drops a key from memory (after a revocation).</summary>
    public void Forget(string prefix) => cache.Remove(CacheKey(prefix));

    private static string CacheKey(string prefix) => "api-key:" + prefix;
}
