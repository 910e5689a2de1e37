using Microsoft.Extensions.Options;
using Retour.Domain.Policies;

namespace Retour.Web.Features.Returns;

/// <summary>Registers the return lifecycle's services.</summary>
public static class ReturnsModule
{
    /// <summary>Adds the policy built from configuration and the deadline sweep.</summary>
    public static IServiceCollection AddReturns(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReturnsOptions>()
            .Bind(configuration.GetSection(ReturnsOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Returns:TimeZone must be an IANA time zone such as Europe/Paris.")
            .ValidateOnStart();
        services.AddSingleton<IEligibilityPolicy>(sp => sp.GetRequiredService<IOptions<ReturnsOptions>>().Value.ToPolicy());
        services.AddScoped<ReturnDeadlines>();
        return services;
    }
}
