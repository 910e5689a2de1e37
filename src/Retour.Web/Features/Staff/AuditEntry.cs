namespace Retour.Web.Features.Staff;

/// <summary>
/// One thing a staff member did (signed in, created an account, approved a return …): who, when, what, on what.
/// Written in the same transaction as the action, never changed afterwards. No customer data goes in the details.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>Time-ordered key.</summary>
    public Guid Id { get; set; }

    /// <summary>When.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>The staff account, when there is one (a failed sign-in may have none).</summary>
    public Guid? StaffUserId { get; set; }

    /// <summary>Who, as shown: the account's email, or the command line.</summary>
    public string Actor { get; set; } = string.Empty;

    /// <summary>What, e.g. <c>staff.signIn</c>, <c>staff.created</c>.</summary>
    public string Action { get; set; } = string.Empty;

    /// <summary>On what, e.g. a staff account or a return number.</summary>
    public string? Target { get; set; }

    /// <summary>A short note: the roles given, the reason of a refusal.</summary>
    public string? Details { get; set; }

    /// <summary>A new entry.</summary>
    public static AuditEntry Of(DateTimeOffset at, Guid? staffUserId, string actor, string action, string? target = null, string? details = null) =>
        new() { Id = Guid.CreateVersion7(at), At = at, StaffUserId = staffUserId, Actor = actor, Action = action, Target = target, Details = details };
}
