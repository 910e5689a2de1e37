using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Retour.Domain;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Staff;

/// <summary>Creates staff accounts with their role, and the first administrator (from the command line or the first-run page).</summary>
public sealed class StaffAccounts(RetourDbContext db, UserManager<StaffUser> users, RoleManager<StaffRole> roles, TimeProvider clock)
{
    /// <summary>True until the first staff account exists: the first-run page is open only then.</summary>
    public async Task<bool> NoneYetAsync(CancellationToken ct) => !await db.Users.AnyAsync(ct);

    /// <summary>Creates an account with <paramref name="role"/>; the audit names <paramref name="by"/>. Answers the account or why not.</summary>
    public async Task<(StaffUser? User, Result Result)> CreateAsync(string email, string displayName, string password, string role, string by, CancellationToken ct, string? location = null)
    {
        if (!StaffRoles.All.Contains(role))
        {
            return (null, Result.Fail("staff.role.unknown", $"Role must be one of {string.Join(", ", StaffRoles.All)}.", "role"));
        }

        var now = clock.GetUtcNow();
        foreach (var name in StaffRoles.All)
        {
            if (!await roles.RoleExistsAsync(name))
            {
                await roles.CreateAsync(new StaffRole { Id = Guid.CreateVersion7(now), Name = name });
            }
        }

        var user = new StaffUser { Id = Guid.CreateVersion7(now), UserName = email.Trim(), Email = email.Trim(), DisplayName = displayName.Trim(), CreatedAt = now, EmailConfirmed = true, Location = string.IsNullOrWhiteSpace(location) ? null : location.Trim() };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return (null, Result.Fail([.. created.Errors.Select(e => new DomainError("staff." + char.ToLowerInvariant(e.Code[0]) + e.Code[1..], e.Description, e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "email"))]));
        }

        await users.AddToRoleAsync(user, role);
        db.AuditEntries.Add(AuditEntry.Of(now, null, by, "staff.created", user.Email, $"role {role}"));
        await db.SaveChangesAsync(ct);
        return (user, Result.Ok());
    }

    /// <summary>
    /// Gives the account another role and site; the staff member's open sessions pick the change up at their next
    /// check (the security stamp changes). An administrator cannot demote the last administrator.
    /// </summary>
    public async Task<Result> ChangeRoleAsync(string email, string role, string? location, string by, CancellationToken ct)
    {
        if (!StaffRoles.All.Contains(role))
        {
            return Result.Fail("staff.role.unknown", $"Role must be one of {string.Join(", ", StaffRoles.All)}.", "role");
        }

        if (await users.FindByEmailAsync(email) is not { } user)
        {
            return Result.Fail("staff.unknown", $"No staff account is {email}.", "email");
        }

        var current = await users.GetRolesAsync(user);
        if (current.Contains(StaffRoles.Admin) && role != StaffRoles.Admin && await LastAdministratorAsync(user))
        {
            return Result.Fail("staff.lastAdmin", "This is the last administrator; make someone else administrator first.", "role");
        }

        await users.RemoveFromRolesAsync(user, current);
        await users.AddToRoleAsync(user, role);
        user.Location = string.IsNullOrWhiteSpace(location) ? null : location.Trim();
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        db.AuditEntries.Add(AuditEntry.Of(clock.GetUtcNow(), null, by, "staff.roleChanged", user.Email, $"role {role}{(user.Location is null ? string.Empty : $", site {user.Location}")}"));
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    /// <summary>
    /// Disables an account (it cannot sign in, and its sessions end at their next check) or enables it again. Nobody
    /// disables themselves or the last administrator.
    /// </summary>
    public async Task<Result> SetDisabledAsync(string email, bool disabled, string by, CancellationToken ct)
    {
        if (await users.FindByEmailAsync(email) is not { } user)
        {
            return Result.Fail("staff.unknown", $"No staff account is {email}.", "email");
        }

        if (disabled && string.Equals(user.Email, by, StringComparison.OrdinalIgnoreCase))
        {
            return Result.Fail("staff.disableSelf", "You cannot disable your own account.", "email");
        }

        if (disabled && (await users.GetRolesAsync(user)).Contains(StaffRoles.Admin) && await LastAdministratorAsync(user))
        {
            return Result.Fail("staff.lastAdmin", "This is the last administrator; it cannot be disabled.", "email");
        }

        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, disabled ? DateTimeOffset.MaxValue : null);
        await users.ResetAccessFailedCountAsync(user);
        await users.UpdateSecurityStampAsync(user);
        db.AuditEntries.Add(AuditEntry.Of(clock.GetUtcNow(), null, by, disabled ? "staff.disabled" : "staff.enabled", user.Email));
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    /// <summary>Sets a new password an administrator hands over in person; the account's sessions end.</summary>
    public async Task<Result> ResetPasswordAsync(string email, string password, string by, CancellationToken ct)
    {
        if (await users.FindByEmailAsync(email) is not { } user)
        {
            return Result.Fail("staff.unknown", $"No staff account is {email}.", "email");
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded)
        {
            return Result.Fail([.. reset.Errors.Select(e => new DomainError("staff." + char.ToLowerInvariant(e.Code[0]) + e.Code[1..], e.Description, "password"))]);
        }

        db.AuditEntries.Add(AuditEntry.Of(clock.GetUtcNow(), null, by, "staff.passwordReset", user.Email));
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    private async Task<bool> LastAdministratorAsync(StaffUser user)
    {
        var now = clock.GetUtcNow();
        var admins = await users.GetUsersInRoleAsync(StaffRoles.Admin);
        return !admins.Any(a => a.Id != user.Id && (a.LockoutEnd is null || a.LockoutEnd <= now));
    }
}
