using Microsoft.EntityFrameworkCore;
using Retour.Web.Features.Staff;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Returns;

/// <summary>One customer's answer about a return.</summary>
public sealed record FeedbackItem(string ReturnNumber, int Rating, string? Comment, DateTimeOffset GivenAt, DateTimeOffset UpdatedAt);

/// <summary>What customers thought of their returns over a period: how many answered, the average, how many gave each rating, and the latest answers.</summary>
public sealed record FeedbackResponse(int Count, decimal? Average, IReadOnlyList<int> Ratings, IReadOnlyList<FeedbackItem> Latest);

/// <summary><c>GET /api/v1/feedback</c>: the return-experience ratings customers gave from the email after their return was settled.</summary>
public static class FeedbackApi
{
    /// <summary>Latest answers listed.</summary>
    public const int MaxLatest = 100;

    /// <summary>Maps the route.</summary>
    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/feedback", async (RetourDbContext db, CancellationToken ct, DateTimeOffset? from = null, DateTimeOffset? to = null) =>
            {
                var answers = db.Feedback.AsNoTracking().AsQueryable();
                if (from is { } start)
                {
                    answers = answers.Where(f => f.GivenAt >= start.ToUniversalTime());
                }

                if (to is { } end)
                {
                    answers = answers.Where(f => f.GivenAt < end.ToUniversalTime());
                }

                var counts = await answers.GroupBy(f => f.Rating).Select(g => new { Rating = g.Key, Count = g.Count() }).ToListAsync(ct);
                var ratings = Enumerable.Range(1, 5).Select(r => counts.Find(c => c.Rating == r)?.Count ?? 0).ToList();
                var count = ratings.Sum();
                decimal? average = count == 0 ? null : Math.Round(ratings.Select((n, i) => (decimal)n * (i + 1)).Sum() / count, 2);
                var latest = await answers.OrderByDescending(f => f.GivenAt).Take(MaxLatest)
                    .Select(f => new FeedbackItem(f.ReturnNumber, f.Rating, f.Comment, f.GivenAt, f.UpdatedAt))
                    .ToListAsync(ct);
                return Results.Ok(new FeedbackResponse(count, average, ratings, latest));
            })
            .WithTags("Feedback")
            .WithName("ListFeedback")
            .WithSummary("Customers' ratings of their return experience (1–5, from the email sent once a return is settled): count, average, how many gave each rating, and the latest answers; from/to filter by when they answered")
            .Produces<FeedbackResponse>()
            .RequireAuthorization(StaffPolicies.Api(StaffPolicies.AnyStaff));
        return app;
    }
}
