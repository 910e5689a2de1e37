using Retour.Domain;
using Retour.Domain.Policies;

namespace Retour.Web.Features.Policies;

/// <summary>A policy version with its document.</summary>
/// <param name="Number">1, 2, 3…</param>
/// <param name="PolicyVersion">The version string recorded on the returns it decides (<c>v{Number}</c>).</param>
/// <param name="Status">Draft, published or superseded.</param>
/// <param name="Document">The policy.</param>
/// <param name="Note">What changed and why.</param>
/// <param name="CopiedFrom">The version whose document this one started from, if any.</param>
/// <param name="CreatedAt">When the draft was made.</param>
/// <param name="CreatedBy">Who made it.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="PublishedAt">When it came into force.</param>
/// <param name="PublishedBy">Who published it.</param>
/// <param name="Version">The ETag to send back as If-Match.</param>
public sealed record PolicyVersionResponse(
    int Number,
    string PolicyVersion,
    PolicyStatus Status,
    ReturnPolicy Document,
    string? Note,
    int? CopiedFrom,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PublishedAt,
    string? PublishedBy,
    string Version)
{
    internal static PolicyVersionResponse From(PolicyVersion p) =>
        new(p.Number, p.Label, p.Status, p.Document, p.Note, p.CopiedFrom, p.CreatedAt, p.CreatedBy, p.UpdatedAt, p.PublishedAt, p.PublishedBy, ETag(p));

    internal static string ETag(PolicyVersion p) => $"\"{p.Version:N}\"";
}

/// <summary>A policy version in a list, without its document.</summary>
public sealed record PolicyVersionSummary(int Number, string PolicyVersion, PolicyStatus Status, string? Note, int? CopiedFrom, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? PublishedAt, string? PublishedBy);

/// <summary>A page of policy versions, newest first; pass <paramref name="NextCursor"/> as <c>cursor</c> for the next.</summary>
public sealed record PolicyVersionPage(IReadOnlyList<PolicyVersionSummary> Items, string? NextCursor);

/// <summary>One finding of a validation: a stable code, a sentence and the field (JSON path) it concerns.</summary>
public sealed record PolicyFinding(string Code, string Message, string? Target)
{
    internal static PolicyFinding From(DomainError e) => new(e.Code, e.Message, e.Target);
}

/// <summary>What validating a version found: errors stop it from being published, warnings are for the merchant to read.</summary>
public sealed record PolicyValidationResponse(int Number, bool Valid, IReadOnlyList<PolicyFinding> Errors, IReadOnlyList<PolicyFinding> Warnings);
