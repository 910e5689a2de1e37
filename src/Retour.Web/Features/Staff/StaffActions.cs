using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Retour.Domain;
using Retour.Domain.Returns;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Staff;

/// <summary>How a staff action on a return ended.</summary>
public enum StaffActionStatus
{
    /// <summary>Done and saved with its audit entry.</summary>
    Done,

    /// <summary>The staff member's role may not do this (answer 403).</summary>
    Forbidden,

    /// <summary>No return has that number (answer 404).</summary>
    NotFound,

    /// <summary>The domain refused it; nothing was saved (answer 422 with the rule).</summary>
    Refused,
}

/// <summary>The end of a staff action: its status, the return (as saved, or as it was when refused) and the refusal.</summary>
public sealed record StaffActionOutcome(StaffActionStatus Status, ReturnCase? Return, Result? Refusal)
{
    /// <summary>The first refusal's message, for the page.</summary>
    public string? Problem => Refusal is { IsSuccess: false } r ? r.Errors[0].Message : null;
}

/// <summary>
/// The one way staff change a return from a page: check the role against a <see cref="StaffPolicies"/> policy, load
/// the return by number, apply one domain method as the staff member, and save the change, its timeline entry, its
/// outbox events and an <see cref="AuditEntry"/> in one transaction. A refusal saves nothing.
/// </summary>
public sealed class StaffActions(RetourDbContext db, IAuthorizationService authorization, TimeProvider clock)
{
    /// <summary>The timeline's actor for a signed-in staff member.</summary>
    public static Actor ActorOf(ClaimsPrincipal user) => new(ActorKind.Staff, user?.Identity?.Name ?? "staff");

    /// <summary>The staff account's id, when signed in.</summary>
    public static Guid? AccountOf(ClaimsPrincipal user) =>
        Guid.TryParse(user?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>True when the user passes the policy.</summary>
    public async Task<bool> MayAsync(ClaimsPrincipal user, string policy) =>
        (await authorization.AuthorizeAsync(user, policy)).Succeeded;

    /// <summary>Adds an audit entry for the user to the current unit of work (saved with it).</summary>
    public void Audit(ClaimsPrincipal user, string action, string? target, string? details = null) =>
        db.AuditEntries.Add(AuditEntry.Of(clock.GetUtcNow(), AccountOf(user), ActorOf(user).Name, action, target, details));

    /// <summary>
    /// Runs <paramref name="change"/> on the return numbered <paramref name="number"/> when <paramref name="user"/>
    /// passes <paramref name="policy"/>, audited as <paramref name="action"/> (details must hold no customer data).
    /// </summary>
    public async Task<StaffActionOutcome> OnReturnAsync(
        ClaimsPrincipal user,
        string policy,
        string number,
        string action,
        string? details,
        Func<ReturnCase, Actor, DateTimeOffset, Task<Result>> change,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!await MayAsync(user, policy))
        {
            return new(StaffActionStatus.Forbidden, null, null);
        }

        var normalized = (number ?? string.Empty).Trim().ToUpperInvariant();
        var found = await db.Returns.FirstOrDefaultAsync(r => r.Number == normalized, ct);
        if (found is null)
        {
            return new(StaffActionStatus.NotFound, null, null);
        }

        var now = clock.GetUtcNow();
        var result = await change(found, ActorOf(user), now);
        if (!result.IsSuccess)
        {
            db.ChangeTracker.Clear();
            var unchanged = await db.Returns.AsNoTracking().FirstAsync(r => r.Id == found.Id, ct);
            return new(StaffActionStatus.Refused, unchanged, result);
        }

        db.AuditEntries.Add(AuditEntry.Of(now, AccountOf(user), ActorOf(user).Name, action, found.Number, details));
        await db.SaveChangesAsync(ct);
        return new(StaffActionStatus.Done, found, null);
    }

    /// <summary>The same, for a change that needs nothing asynchronous.</summary>
    public Task<StaffActionOutcome> OnReturnAsync(ClaimsPrincipal user, string policy, string number, string action, string? details, Func<ReturnCase, Actor, DateTimeOffset, Result> change, CancellationToken ct) =>
        OnReturnAsync(user, policy, number, action, details, (r, a, t) => Task.FromResult(change(r, a, t)), ct);
}
