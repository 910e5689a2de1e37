using Retour.Web.Infrastructure;

namespace Retour.Web.Features.Returns;

/// <summary>Rejects a return; the message is shown to the customer.</summary>
public sealed record RejectReturnRequest(string Message);

/// <summary>Checks a rejection's shape.</summary>
public static class RejectReturn
{
    /// <summary>The message is required and bounded.</summary>
    public static FieldErrors Validate(RejectReturnRequest r) => new FieldErrors().Text(r?.Message, "message", 2000);
}
