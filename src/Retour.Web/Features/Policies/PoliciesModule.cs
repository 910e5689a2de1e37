namespace Retour.Web.Features.Policies;

/// <summary>Registers the policy feature's services.</summary>
public static class PoliciesModule
{
    /// <summary>Adds the book of published policies and the published policy page.</summary>
    public static IServiceCollection AddPolicies(this IServiceCollection services)
    {
        services.AddSingleton<PolicyBook>();
        services.AddRazorPages();
        return services;
    }
}
