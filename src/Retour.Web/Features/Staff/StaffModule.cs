using Microsoft.AspNetCore.Authentication;
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

    /// <summary>Exporting lists of returns as CSV, customers' emails included (personal data): Admin, Manager, Agent.</summary>
    public const string ExportReturns = "staff.returns.export";

    /// <summary>Staff accounts: Admin only.</summary>
    public const string ManageStaff = "staff.accounts";

    /// <summary>Opening a return for a customer who called or wrote: Admin, Manager, Agent.</summary>
    public const string CreateReturns = "staff.returns.create";

    /// <summary>Overriding the policy, editing lines and fees, waiving return shipping, goodwill refunds: Admin, Manager.</summary>
    public const string Override = "staff.override";

    /// <summary>Writing to the customer about a return: Admin, Manager, Agent.</summary>
    public const string MessageCustomers = "staff.messages";

    /// <summary>Receiving parcels and counting what is in them: Admin, Manager, Warehouse, StoreAssociate.</summary>
    public const string Receive = "staff.receive";

    /// <summary>Grading received units and deciding where they go: Admin, Manager, Warehouse, StoreAssociate.</summary>
    public const string Inspect = "staff.inspect";

    /// <summary>Taking back an online order at a store's counter: Admin, Manager, StoreAssociate.</summary>
    public const string StoreReturns = "staff.store";

    /// <summary>Editing, simulating and publishing return policies: Admin, Manager.</summary>
    public const string ManagePolicies = "staff.policies";

    /// <summary>Looking up customers' store credit and gift-card balances: Admin, Manager, Agent, StoreAssociate.</summary>
    public const string ReadCredit = "staff.credit";

    /// <summary>Spending store credit and gift cards for an order (holds, captures, releases): Admin, Manager, StoreAssociate (and the shop's key).</summary>
    public const string RedeemCredit = "staff.credit.redeem";

    /// <summary>Adjusting a customer's store credit and issuing gift cards, i.e. creating money: Admin, Manager.</summary>
    public const string GrantCredit = "staff.credit.grant";

    /// <summary>Return analytics: rates, costs, speed, serial returners (customers' names and histories): Admin, Manager.</summary>
    public const string ViewAnalytics = "staff.analytics";

    /// <summary>Connecting other systems: API keys and webhook subscriptions: Admin only.</summary>
    public const string ManageIntegrations = "staff.integrations";

    /// <summary>The roles each policy lets through (the API's keys are checked against the same lists).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> RolesOf = new Dictionary<string, string[]>
    {
        [AnyStaff] = StaffRoles.All,
        [ReadEmails] = [StaffRoles.Admin, StaffRoles.Manager, StaffRoles.Agent],
        [Decide] = [StaffRoles.Admin, StaffRoles.Manager, StaffRoles.Agent],
        [ExportReturns] = [StaffRoles.Admin, StaffRoles.Manager, StaffRoles.Agent],
        [ManageStaff] = [StaffRoles.Admin],
        [CreateReturns] = [StaffRoles.Admin, StaffRoles.Manager, StaffRoles.Agent],
        [Override] = [StaffRoles.Admin, StaffRoles.Manager],
        [MessageCustomers] = [StaffRoles.Admin, StaffRoles.Manager, StaffRoles.Agent],
        [Receive] = [StaffRoles.Admin, StaffRoles.Manager, StaffRoles.Warehouse, StaffRoles.StoreAssociate],
        [Inspect] = [StaffRoles.Admin, StaffRoles.Manager, StaffRoles.Warehouse, StaffRoles.StoreAssociate],
        [StoreReturns] = [StaffRoles.Admin, StaffRoles.Manager, StaffRoles.StoreAssociate],
        [ManagePolicies] = [StaffRoles.Admin, StaffRoles.Manager],
        [ReadCredit] = [StaffRoles.Admin, StaffRoles.Manager, StaffRoles.Agent, StaffRoles.StoreAssociate],
        [RedeemCredit] = [StaffRoles.Admin, StaffRoles.Manager, StaffRoles.StoreAssociate],
        [GrantCredit] = [StaffRoles.Admin, StaffRoles.Manager],
        [ManageIntegrations] = [StaffRoles.Admin],
        [ViewAnalytics] = [StaffRoles.Admin, StaffRoles.Manager],
    };

    /// <summary>The same policy for an API key (the key's roles checked against the same list).</summary>
    public static string Api(string policy) => "api:" + policy;

    /// <summary>True when a user with these roles passes the policy.</summary>
    public static bool Allows(string policy, Func<string, bool> isInRole) => RolesOf[policy].Any(isInRole);
}

/// <summary>Registers staff accounts (ASP.NET Core Identity), their sign-in cookie, lockout and the back office's pages.</summary>
public static class StaffModule
{
    /// <summary>The staff session cookie.</summary>
    public const string CookieName = "retour_staff";

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
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = SessionLength;
            o.SlidingExpiration = true;
            o.LoginPath = "/backoffice/sign-in";
            o.AccessDeniedPath = "/backoffice/denied";
            o.ReturnUrlParameter = "next";
        }));
        var policies = services.AddAuthorizationBuilder();
        foreach (var (name, roles) in StaffPolicies.RolesOf)
        {
            policies.AddPolicy(name, Roles(roles));
            policies.AddPolicy(StaffPolicies.Api(name), new AuthorizationPolicyBuilder(Infrastructure.ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().RequireRole(roles).Build());
        }

        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeAreaFolder("BackOffice", "/", StaffPolicies.AnyStaff);
            o.Conventions.AuthorizeAreaPage("BackOffice", "/Returns/New", StaffPolicies.CreateReturns);
            o.Conventions.AuthorizeAreaFolder("BackOffice", "/Policies", StaffPolicies.ManagePolicies);
            o.Conventions.AuthorizeAreaFolder("BackOffice", "/Analytics", StaffPolicies.ViewAnalytics);
            o.Conventions.AuthorizeAreaFolder("BackOffice", "/Store", StaffPolicies.StoreReturns);
            o.Conventions.AuthorizeAreaFolder("BackOffice", "/Credit", StaffPolicies.ReadCredit);
            o.Conventions.AllowAnonymousToAreaPage("BackOffice", "/SignIn");
            o.Conventions.AllowAnonymousToAreaPage("BackOffice", "/Setup");
            o.Conventions.AllowAnonymousToAreaPage("BackOffice", "/Denied");
        });
        // A disabled account or a changed role reaches open sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddMemoryCache();
        services.AddScoped<StaffAccounts>();
        services.AddScoped<StaffActions>();
        return services;
    }

    /// <summary>
    /// On back-office paths, reads the staff cookie before the rate limiter so each staff member has a limit of their
    /// own; the API never sees it (a staff cookie does not open the API, decision 0007).
    /// </summary>
    public static async Task IdentifyStaffAsync(HttpContext http, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        if (http.User.Identity?.IsAuthenticated != true && http.Request.Path.StartsWithSegments("/backoffice") && http.Request.Cookies.ContainsKey(CookieName))
        {
            var staff = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
            if (staff.Succeeded)
            {
                http.User = staff.Principal;
            }
        }

        await next();
    }

    private static AuthorizationPolicy Roles(params string[] roles) =>
        new AuthorizationPolicyBuilder(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser().RequireRole(roles).Build();
}
