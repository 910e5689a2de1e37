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
    public async Task<(StaffUser? User, Result Result)> CreateAsync(string email, string displayName, string password, string role, string by, CancellationToken ct)
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

        var user = new StaffUser { Id = Guid.CreateVersion7(now), UserName = email.Trim(), Email = email.Trim(), DisplayName = displayName.Trim(), CreatedAt = now, EmailConfirmed = true };
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
}
