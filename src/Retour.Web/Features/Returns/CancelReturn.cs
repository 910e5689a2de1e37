using Retour.Web.Infrastructure;

namespace Retour.Web.Features.Returns;

/// <summary>Cancels a return before it was shipped.</summary>
public sealed record CancelReturnRequest(string? Reason = null);

/// <summary>Checks a cancellation's shape.</summary>
public static class CancelReturn
{
    /// <summary>The reason is optional and bounded.</summary>
    public static FieldErrors Validate(CancelReturnRequest? r) => new FieldErrors().Text(r?.Reason, "reason", 2000, required: false);
}
