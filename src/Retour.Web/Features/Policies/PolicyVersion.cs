using System.Globalization;
using Retour.Domain;
using Retour.Domain.Policies;

namespace Retour.Web.Features.Policies;

/// <summary>Where a policy version stands: a draft is edited, one version is published, the ones before it are superseded.</summary>
public enum PolicyStatus
{
    /// <summary>Being written; can be edited, judges nothing.</summary>
    Draft,

    /// <summary>The policy in force for new orders.</summary>
    Published,

    /// <summary>Was in force; still judges orders placed while it was, when it is the more generous.</summary>
    Superseded,
}

/// <summary>
/// One numbered version of the merchant's return policy. A draft is edited until it is published; a published
/// version never changes again, so every return can name the version that judged it and that version can be read
/// back as it was. Going back to an earlier version publishes its document as a new version: history is never rewritten.
/// </summary>
public sealed class PolicyVersion
{
    private PolicyVersion()
    {
        Document = null!;
        CreatedBy = string.Empty;
    }

    /// <summary>Internal key.</summary>
    public Guid Id { get; private set; }

    /// <summary>1, 2, 3…: the number people and returns refer to (<c>v{Number}</c>).</summary>
    public int Number { get; private set; }

    /// <summary>Where it stands.</summary>
    public PolicyStatus Status { get; private set; }

    /// <summary>The policy itself.</summary>
    public ReturnPolicy Document { get; private set; }

    /// <summary>What changed and why, for the people who read the history.</summary>
    public string? Note { get; private set; }

    /// <summary>The version whose document this one copies (a copy or a roll-back), if any.</summary>
    public int? CopiedFrom { get; private set; }

    /// <summary>When the draft was made.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Who made it.</summary>
    public string CreatedBy { get; private set; }

    /// <summary>When it was last edited.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>When it came into force.</summary>
    public DateTimeOffset? PublishedAt { get; private set; }

    /// <summary>Who published it.</summary>
    public string? PublishedBy { get; private set; }

    /// <summary>Concurrency token: a second writer with a stale copy gets a conflict.</summary>
    public Guid Version { get; private set; }

    /// <summary>The version string recorded on the returns it decides.</summary>
    public string Label => Tag(Number);

    /// <summary>The version string of a number.</summary>
    public static string Tag(int number) => string.Create(CultureInfo.InvariantCulture, $"v{number}");

    /// <summary>A new draft.</summary>
    public static PolicyVersion Draft(int number, ReturnPolicy document, string? note, int? copiedFrom, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new PolicyVersion
        {
            Id = Guid.CreateVersion7(at),
            Number = number,
            Status = PolicyStatus.Draft,
            Document = document,
            Note = note,
            CopiedFrom = copiedFrom,
            CreatedAt = at,
            CreatedBy = by,
            UpdatedAt = at,
            Version = Guid.CreateVersion7(at),
        };
    }

    /// <summary>Replaces the draft's document; a published or superseded version is never changed.</summary>
    public Result Edit(ReturnPolicy document, string? note, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (Status != PolicyStatus.Draft)
        {
            return Result.Fail("policy.notDraft", $"Version {Number} is {Status.ToString().ToLowerInvariant()}; only a draft can be edited. Create a new draft (copyFrom {Number}) instead.", "status");
        }

        Document = document;
        Note = note ?? Note;
        UpdatedAt = at;
        Version = Guid.CreateVersion7(at);
        return Result.Ok();
    }

    /// <summary>Whether the draft can be put in force: it must be a draft and valid (every error names its field).</summary>
    public Result CanPublish()
    {
        if (Status != PolicyStatus.Draft)
        {
            return Result.Fail("policy.notDraft", $"Version {Number} is already {Status.ToString().ToLowerInvariant()}.", "status");
        }

        var check = PolicyValidation.Validate(Document);
        return check.IsValid ? Result.Ok() : Result.Fail(check.Errors);
    }

    /// <summary>Puts the draft in force; the version in force until now must be superseded first.</summary>
    public Result Publish(string by, DateTimeOffset at)
    {
        var check = CanPublish();
        if (!check.IsSuccess)
        {
            return check;
        }

        Status = PolicyStatus.Published;
        PublishedAt = at;
        PublishedBy = by;
        UpdatedAt = at;
        Version = Guid.CreateVersion7(at);
        return Result.Ok();
    }

    /// <summary>Takes the published version out of force because another is published.</summary>
    public Result Supersede(DateTimeOffset at)
    {
        if (Status != PolicyStatus.Published)
        {
            return Result.Fail("policy.notPublished", $"Version {Number} is not the one in force.", "status");
        }

        Status = PolicyStatus.Superseded;
        UpdatedAt = at;
        Version = Guid.CreateVersion7(at);
        return Result.Ok();
    }
}
