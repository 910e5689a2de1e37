using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Retour.Web.Features.Staff;

/// <summary>The authorisation policies of the back office, each naming the roles that may pass.</summary>
public static class StaffPolicies
{
    /// <summary>Any staff member signed in.</summary>
    public const string AnyStaff = "staff";

    /// <summary>Reading the emails sent to customers: Admin, Manager, Agent.</summary>
    public const string ReadEmails = "staff.emails";

    /// <summary>Approving and rejecting returns: Admin, Manager, Agent.</summary>
    public const string Decide = "staff.decide";

    /// <summary>Staff accounts: Admin only.</summary>
    public const string ManageStaff = "staff.accounts";
}

/// <summary>Registers staff accounts (ASP.NET Core Identity), their sign-in cookie, lockout and the back office's pages.</summary>
public static class StaffModule
{
    /// <summary>How long a staff session lasts without activity.</summary>
    public static readonly TimeSpan SessionLength = TimeSpan.FromHours(8);

    /// <summary>Adds Identity with the staff roles and the back office's authorisation policies.</summary>
    public static IServiceCollection AddStaff(this IServiceCollection services)
    {
        services.AddIdentityCore<StaffUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<StaffRole>()
            .AddEntityFrameworkStores<Persistence.RetourDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddAuthentication().AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(o =>
        {
            o.Cookie.Name = "retour_staff";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = SessionLength;
            o.SlidingExpiration = true;
            o.LoginPath = "/backoffice/sign-in";
            o.AccessDeniedPath = "/backoffice/denied";
            o.ReturnUrlParameter = "next";
        }));
        services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicies.AnyStaff, Roles(StaffRoles.All))
            .AddPolicy(StaffPolicies.ReadEmails, Roles(StaffRoles.Admin, StaffRoles.Manager, StaffRoles.Agent))
            .AddPolicy(StaffPolicies.Decide, Roles(StaffRoles.Admin, StaffRoles.Manager, StaffRoles.Agent))
            .AddPolicy(StaffPolicies.ManageStaff, Roles(StaffRoles.Admin));
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeAreaFolder("BackOffice", "/", StaffPolicies.AnyStaff);
            o.Conventions.AllowAnonymousToAreaPage("BackOffice", "/SignIn");
            o.Conventions.AllowAnonymousToAreaPage("BackOffice", "/Setup");
            o.Conventions.AllowAnonymousToAreaPage("BackOffice", "/Denied");
        });
        services.AddScoped<StaffAccounts>();
        return services;
    }

    private static AuthorizationPolicy Roles(params string[] roles) =>
        new AuthorizationPolicyBuilder(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser().RequireRole(roles).Build();
}
