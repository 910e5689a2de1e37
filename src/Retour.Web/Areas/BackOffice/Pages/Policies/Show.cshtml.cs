using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Retour.Domain.Policies;
using Retour.Web.Features.Policies;
using Retour.Web.Features.Staff;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Areas.BackOffice.Pages.Policies;

/// <summary>
/// One policy version: its document as the API reads and writes it (JSON), editable while it is a draft; validate it
/// (errors and warnings with the field they concern), preview it as shoppers will read it, simulate it over past
/// orders, and publish it. Admin and Manager only; every change is audited.
/// </summary>
public sealed class ShowModel(RetourDbContext db, PolicyBook book, StaffActions actions, HtmlDocuments html, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock) : PageModel
{
    /// <summary>The version.</summary>
    public PolicyVersion Version { get; private set; } = null!;

    /// <summary>The document as shown in the editor.</summary>
    [BindProperty]
    public string Document { get; set; } = string.Empty;

    /// <summary>The draft's note.</summary>
    [BindProperty]
    public string? Note { get; set; }

    /// <summary>The result of validating the document, when asked or refused.</summary>
    public PolicyCheck? Check { get; private set; }

    /// <summary>The policy as shoppers would read it, when the document compiles.</summary>
    public PublishedPolicyView? Preview { get; private set; }

    /// <summary>Why the last action was refused.</summary>
    public string? Problem { get; private set; }

    /// <summary>What the last action did.</summary>
    public string? Done { get; private set; }

    private JsonSerializerOptions Json => new(json.Value.SerializerOptions) { WriteIndented = true };

    /// <summary>Shows the version, with its validation and preview.</summary>
    public async Task<IActionResult> OnGetAsync(int number, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(number, ct))
        {
            return NotFound();
        }

        Done = done switch { "saved" => "Draft saved.", "published" => "Published: this version is now in force.", _ => null };
        Document = JsonSerializer.Serialize(Version.Document, Json);
        Note = Version.Note;
        Inspect(Version.Document);
        return Page();
    }

    /// <summary>Saves the edited document (drafts only), audited; a document that does not parse is shown with where it breaks.</summary>
    public async Task<IActionResult> OnPostSaveAsync(int number, CancellationToken ct)
    {
        if (!await LoadAsync(number, ct, tracked: true))
        {
            return NotFound();
        }

        if (Parse() is not { } document)
        {
            return Refused();
        }

        var edited = Version.Edit(document, string.IsNullOrWhiteSpace(Note) ? null : Note.Trim(), clock.GetUtcNow());
        if (!edited.IsSuccess)
        {
            Problem = edited.Errors[0].Message;
            return Refused();
        }

        actions.Audit(User, "policy.edited", Version.Label);
        await db.SaveChangesAsync(ct);
        return Redirect($"/backoffice/policies/{number}?done=saved");
    }

    /// <summary>Validates the document in the editor without saving it.</summary>
    public async Task<IActionResult> OnPostValidateAsync(int number, CancellationToken ct)
    {
        if (!await LoadAsync(number, ct))
        {
            return NotFound();
        }

        if (Parse() is { } document)
        {
            Inspect(document);
        }

        return Page();
    }

    /// <summary>Puts the draft in force if it validates, audited.</summary>
    public async Task<IActionResult> OnPostPublishAsync(int number, CancellationToken ct)
    {
        // The audit entry is saved by the publication's own transaction, or dropped with it.
        actions.Audit(User, "policy.published", PolicyVersion.Tag(number));
        var outcome = await PublishPolicy.PublishAsync(number, StaffActions.ActorOf(User).Name, db, book, clock, ct);
        if (outcome is null)
        {
            db.ChangeTracker.Clear();
            return NotFound();
        }

        if (outcome.Value.Published is null)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(number, ct);
            Document = JsonSerializer.Serialize(Version.Document, Json);
            Note = Version.Note;
            Inspect(Version.Document);
            Problem = string.Join(" ", outcome.Value.Refusal.Errors.Select(e => e.Message));
            return Refused();
        }

        return Redirect($"/backoffice/policies/{number}?done=published");
    }

    /// <summary>The what-if report of this version over the last <paramref name="days"/> days of orders, printable.</summary>
    public async Task<IActionResult> OnGetSimulateAsync(int number, int? days, CancellationToken ct)
    {
        var (report, problem) = await SimulatePolicy.RunAsync(number, days, db, book, clock, ct);
        if (report is null)
        {
            // The same refusal the API gives (unknown version, a period out of range, a document that does not compile).
            await (problem ?? Results.NotFound()).ExecuteAsync(HttpContext);
            return new EmptyResult();
        }

        return Content(await SimulatePolicy.RenderAsync(html, report), "text/html; charset=utf-8");
    }

    private PageResult Refused()
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private ReturnPolicy? Parse()
    {
        try
        {
            return JsonSerializer.Deserialize<ReturnPolicy>(Document, Json) ?? throw new JsonException("The document is empty.");
        }
        catch (JsonException e)
        {
            Problem = $"The document is not valid JSON for a policy{(e.LineNumber is { } line ? $" (line {line + 1}, position {e.BytePositionInLine + 1})" : string.Empty)}: {e.Message.Split(" Path:")[0]}";
            return null;
        }
    }

    private void Inspect(ReturnPolicy document)
    {
        var (compiled, check) = CompiledPolicy.TryCompile(document, Version.Label);
        Check = check;
        Preview = compiled is null ? null : PublishedPolicy.Build(compiled, Version.PublishedAt, "en", clock.GetUtcNow());
    }

    private async Task<bool> LoadAsync(int number, CancellationToken ct, bool tracked = false)
    {
        var query = tracked ? db.PolicyVersions : db.PolicyVersions.AsNoTracking();
        Version = (await query.FirstOrDefaultAsync(p => p.Number == number, ct))!;
        return Version is not null;
    }
}
