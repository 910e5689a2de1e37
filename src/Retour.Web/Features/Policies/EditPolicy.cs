using Retour.Domain.Policies;
using Retour.Web.Infrastructure;

namespace Retour.Web.Features.Policies;

/// <summary>The draft's new document and, optionally, a new note.</summary>
public sealed record EditPolicyRequest(ReturnPolicy Document, string? Note = null);

/// <summary>Replaces a draft's document; published versions never change.</summary>
public static class EditPolicy
{
    /// <summary>Checks the request's shape.</summary>
    public static FieldErrors Validate(EditPolicyRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new FieldErrors()
            .Check(r.Document is not null, "document", "Required.")
            .Text(r.Note, "note", 2000, required: false);
    }
}
