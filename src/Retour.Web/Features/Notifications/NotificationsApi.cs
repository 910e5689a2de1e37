namespace Retour.Web.Features.Notifications;

/// <summary>Routes of the emails sent to customers.</summary>
public static class NotificationsApi
{
    /// <summary>Maps <c>/api/v1/emails</c>.</summary>
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/emails").WithTags("Emails").RequireAuthorization(Staff.StaffPolicies.Api(Staff.StaffPolicies.ReadEmails));

        group.MapGet("/", ListEmails.HandleAsync)
            .WithName("ListEmails")
            .WithSummary("List the emails sent to customers, newest first")
            .WithDescription("Every email the lifecycle sent (request received, approved, rejected, parcel received, refunded), optionally for one return (returnNumber). Pass nextCursor back as cursor for the next page.")
            .Produces<SentEmailPage>()
            .ProducesValidationProblem();

        group.MapGet("/{id:guid}", ListEmails.GetAsync)
            .WithName("GetEmail")
            .WithSummary("Get a sent email with its HTML body")
            .WithDescription("JSON with the HTML body as sent; with `Accept: text/html` (or `?format=html`) the HTML document itself.")
            .Produces<SentEmailResponse>()
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }
}
