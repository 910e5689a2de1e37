using System.Globalization;

namespace Retour.Domain.Returns;

/// <summary>The helpdesk ticket a return belongs to (Zendesk, Gorgias, Freshdesk …), so agents move between the two.</summary>
public sealed partial class ReturnCase
{
    /// <summary>The timeline event of a helpdesk ticket linked.</summary>
    public const string TicketLinkedEvent = "TicketLinked";

    /// <summary>The longest ticket reference kept.</summary>
    public const int MaxTicketReference = 100;

    /// <summary>The longest ticket address kept.</summary>
    public const int MaxTicketUrl = 500;

    /// <summary>The helpdesk ticket's address, for a link from the back office.</summary>
    public string? TicketUrl { get; private set; }

    /// <summary>
    /// Links the return to a helpdesk ticket: its reference and, optionally, its web address (absolute http or https).
    /// Linking the same ticket again changes nothing; another ticket replaces it, kept on the timeline.
    /// </summary>
    public Result LinkTicket(string reference, string? url, Actor actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new List<DomainError>();
        if (string.IsNullOrWhiteSpace(reference) || reference.Trim().Length > MaxTicketReference)
        {
            errors.Add(new("return.ticket.reference", string.Create(CultureInfo.InvariantCulture, $"The ticket's reference (at most {MaxTicketReference} characters)."), "reference"));
        }

        var address = string.IsNullOrWhiteSpace(url) ? null : url.Trim();
        if (address is not null && (address.Length > MaxTicketUrl || !Uri.TryCreate(address, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("https" or "http")))
        {
            errors.Add(new("return.ticket.url", string.Create(CultureInfo.InvariantCulture, $"An absolute http or https address (at most {MaxTicketUrl} characters)."), "url"));
        }

        if (errors.Count > 0)
        {
            return Result.Fail(errors);
        }

        reference = reference.Trim();
        if (TicketReference == reference && TicketUrl == (address ?? TicketUrl))
        {
            return Result.Ok();
        }

        var before = TicketReference;
        TicketReference = reference;
        TicketUrl = address ?? (before == reference ? TicketUrl : null);
        Record(at, actor, Status, Status, TicketLinkedEvent, before is null || before == reference ? $"Ticket {reference}{(TicketUrl is null ? string.Empty : $" ({TicketUrl})")}." : $"Ticket {before} → {reference}.");
        Touch(at);
        return Result.Ok();
    }
}
