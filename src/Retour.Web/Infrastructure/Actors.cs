using System.Security.Claims;
using Retour.Domain.Returns;

namespace Retour.Web.Infrastructure;

/// <summary>Who is calling, as the timeline records it.</summary>
public static class Actors
{
    /// <summary>The caller of the current request.</summary>
    public static Actor Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var name = user.Identity?.Name ?? "anonymous";
        return user.FindFirst("actor_kind")?.Value switch
        {
            "integration" => new Actor(ActorKind.Integration, name),
            "customer" => new Actor(ActorKind.Customer, name),
            _ => new Actor(ActorKind.Staff, name),
        };
    }
}
