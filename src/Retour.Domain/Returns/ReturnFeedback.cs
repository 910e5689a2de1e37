namespace Retour.Domain.Returns;

/// <summary>
/// What a customer thought of the return experience: a rating from 1 to 5 and, if they wish, a comment. One per
/// return; the customer may change it (the last answer counts). Read by the analytics.
/// </summary>
public sealed class ReturnFeedback
{
    /// <summary>The lowest rating.</summary>
    public const int Lowest = 1;

    /// <summary>The highest rating.</summary>
    public const int Highest = 5;

    /// <summary>The longest comment kept.</summary>
    public const int MaxComment = 2000;

    private ReturnFeedback()
    {
        ReturnNumber = string.Empty;
    }

    /// <summary>Internal key.</summary>
    public Guid Id { get; private set; }

    /// <summary>The return rated.</summary>
    public Guid ReturnCaseId { get; private set; }

    /// <summary>Its number, for lists.</summary>
    public string ReturnNumber { get; private set; }

    /// <summary>1 (very poor) to 5 (excellent).</summary>
    public int Rating { get; private set; }

    /// <summary>The customer's words, if any.</summary>
    public string? Comment { get; private set; }

    /// <summary>When it was first given.</summary>
    public DateTimeOffset GivenAt { get; private set; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>A first answer for a return.</summary>
    public static (ReturnFeedback? Feedback, Result Result) Give(Guid returnCaseId, string returnNumber, int rating, string? comment, DateTimeOffset at)
    {
        var feedback = new ReturnFeedback { Id = Guid.CreateVersion7(at), ReturnCaseId = returnCaseId, ReturnNumber = returnNumber, GivenAt = at };
        var result = feedback.Change(rating, comment, at);
        return result.IsSuccess ? (feedback, result) : (null, result);
    }

    /// <summary>The customer changes their rating, their comment, or both (a null comment keeps the one given).</summary>
    public Result Change(int rating, string? comment, DateTimeOffset at)
    {
        var errors = new List<DomainError>();
        if (rating is < Lowest or > Highest)
        {
            errors.Add(new("feedback.rating", $"A rating from {Lowest} to {Highest}.", "rating"));
        }

        if (comment is { Length: > MaxComment })
        {
            errors.Add(new("feedback.comment", $"At most {MaxComment} characters.", "comment"));
        }

        if (errors.Count > 0)
        {
            return Result.Fail(errors);
        }

        Rating = rating;
        Comment = comment is null ? Comment : string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        UpdatedAt = at;
        return Result.Ok();
    }
}
