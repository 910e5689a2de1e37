using System.Globalization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;

namespace Retour.Web.Features.Portal;

/// <summary>Registers the shoppers' returns portal: its sign-in cookie, throttle, languages and pages.</summary>
public static class PortalModule
{
    /// <summary>The portal's languages; the first is the default.</summary>
    public static readonly string[] Languages = ["en", "fr", "it"];

    /// <summary>Adds the portal's services.</summary>
    public static IServiceCollection AddPortal(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PortalOptions>().Bind(configuration.GetSection(PortalOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PortalThrottle>();
        services.AddScoped<WithdrawFromContract>();
        services.AddSingleton<ReturnPhotos>();
        services.AddSingleton<PortalTokens>();
        services.AddAuthentication().AddCookie(PortalAccess.Scheme, o =>
        {
            o.Cookie.Name = "retour_portal";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(1);
            o.SlidingExpiration = true;
            o.LoginPath = "/portal";
            o.AccessDeniedPath = "/portal";
            o.ReturnUrlParameter = "next";
        });
        services.AddAuthorizationBuilder().AddPolicy(PortalAccess.Policy, p => p
            .AddAuthenticationSchemes(PortalAccess.Scheme)
            .RequireClaim(PortalAccess.OrderClaim));
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeAreaFolder("Portal", "/", PortalAccess.Policy);
            o.Conventions.AllowAnonymousToAreaPage("Portal", "/Index");
            o.Conventions.AllowAnonymousToAreaPage("Portal", "/Language");
            o.Conventions.AllowAnonymousToAreaPage("Portal", "/Withdraw");
            o.Conventions.AllowAnonymousToAreaPage("Portal", "/Access");
        });
        return services;
    }

    /// <summary>The portal's language: <c>?lang=</c>, then the language cookie, then the browser's Accept-Language.</summary>
    public static WebApplication UsePortalLanguages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var cultures = Languages.Select(CultureInfo.GetCultureInfo).ToList();
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Languages[0]),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
        };
        options.RequestCultureProviders =
        [
            new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" },
            new CookieRequestCultureProvider { CookieName = PortalAccess.LanguageCookie },
            new AcceptLanguageHeaderRequestCultureProvider(),
        ];
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/portal", StringComparison.OrdinalIgnoreCase), portal => portal.UseRequestLocalization(options));
        return app;
    }
}
