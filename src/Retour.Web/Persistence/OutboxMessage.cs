using System.Text.Json;
using Retour.Domain.Returns;

namespace Retour.Web.Persistence;

/// <summary>An event waiting for delivery. Workers lease it, deliver it, and mark it processed.</summary>
public sealed class OutboxMessage
{
    /// <summary>Time-ordered key.</summary>
    public Guid Id { get; set; }

    /// <summary>The event's name, e.g. RefundRecorded.</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>The event as JSON.</summary>
    public string Payload { get; set; } = string.Empty;

    /// <summary>When the event happened.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Not delivered before this instant (retry backoff).</summary>
    public DateTimeOffset AvailableAt { get; set; }

    /// <summary>A worker holds it until then.</summary>
    public DateTimeOffset? LeasedUntil { get; set; }

    /// <summary>The worker holding it.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>Deliveries tried.</summary>
    public int Attempts { get; set; }

    /// <summary>When it was delivered.</summary>
    public DateTimeOffset? ProcessedAt { get; set; }

    /// <summary>The last delivery error.</summary>
    public string? LastError { get; set; }

    /// <summary>An event that is not a return case's, e.g. a withdrawal statement received.</summary>
    internal static OutboxMessage Of<T>(T e, DateTimeOffset at)
        where T : notnull => new()
    {
        Id = Guid.CreateVersion7(at),
        Type = typeof(T).Name,
        Payload = JsonSerializer.Serialize(e, RetourDbContext.Json),
        CreatedAt = at,
        AvailableAt = at,
    };

    internal static OutboxMessage From(ReturnEvent e) => new()
    {
        Id = Guid.CreateVersion7(e.At),
        Type = e.GetType().Name,
        Payload = JsonSerializer.Serialize(e, e.GetType(), RetourDbContext.Json),
        CreatedAt = e.At,
        AvailableAt = e.At,
    };
}

/// <summary>A request made with an Idempotency-Key and the response it got, replayed when the same key comes again.</summary>
public sealed class IdempotencyRecord
{
    /// <summary>The caller's key, scoped by caller.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>Method and path the key was used with.</summary>
    public string Request { get; set; } = string.Empty;

    /// <summary>SHA-256 of the request body.</summary>
    public string BodyHash { get; set; } = string.Empty;

    /// <summary>Response status; 0 while the first request is still running.</summary>
    public int StatusCode { get; set; }

    /// <summary>Response body.</summary>
    public string? ResponseBody { get; set; }

    /// <summary>Response content type.</summary>
    public string? ContentType { get; set; }

    /// <summary>Response Location header.</summary>
    public string? Location { get; set; }

    /// <summary>When the key was first used.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
