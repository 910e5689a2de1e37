using Microsoft.AspNetCore.Identity;

namespace Retour.Web.Features.Staff;

/// <summary>A person of the merchant who works returns in the back office (ASP.NET Core Identity user).</summary>
public sealed class StaffUser : IdentityUser<Guid>
{
    /// <summary>The name colleagues and the timeline show.</summary>
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>When the account was made.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The site (a <c>Shop:Locations</c> code) a store associate or warehouse operator works at: where what they
    /// receive enters stock. None for head-office roles.
    /// </summary>
    public string? Location { get; set; }
}

/// <summary>A staff role (Identity role).</summary>
public sealed class StaffRole : IdentityRole<Guid>;

/// <summary>The back office's roles, from the most to the least powerful.</summary>
public static class StaffRoles
{
    /// <summary>Everything, including staff accounts and settings.</summary>
    public const string Admin = "Admin";

    /// <summary>Decisions, overrides, goodwill refunds, policies.</summary>
    public const string Manager = "Manager";

    /// <summary>Customer service: reviews, agent-created returns, messages.</summary>
    public const string Agent = "Agent";

    /// <summary>In-store returns of online orders.</summary>
    public const string StoreAssociate = "StoreAssociate";

    /// <summary>Receiving, inspection and disposition.</summary>
    public const string Warehouse = "Warehouse";

    /// <summary>Every role.</summary>
    public static readonly string[] All = [Admin, Manager, Agent, StoreAssociate, Warehouse];
}
