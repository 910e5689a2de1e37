using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Retour.Domain.Policies;
using Retour.Web.Infrastructure;
using Retour.Web.Persistence;

namespace Retour.Web.Features.Policies;

/// <summary>Routes of the return policy: versions, validation, publication, the legal baselines and the eligibility dry run.</summary>
public static class PoliciesApi
{
    private const int DefaultLimit = 50;

    /// <summary>Maps <c>/api/v1/policies</c> and <c>/api/v1/returns/eligibility</c>.</summary>
    public static IEndpointRouteBuilder MapPoliciesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/returns/eligibility", (EligibilityRequest request, RetourDbContext db, PolicyBook book, TimeProvider clock, CancellationToken ct) =>
            Validated(CheckEligibility.Validate(request), () => CheckEligibility.HandleAsync(request, db, book, clock, ct)))
            .WithTags("Returns")
            .WithName("CheckEligibility")
            .WithSummary("Dry run: what opening a return would decide for lines of an order")
            .WithDescription("Judges each line exactly as opening a return would (same checks, same facts, the version in force at purchase or the current one when more generous) and writes nothing. Without lines, every still-returnable line is judged for reason 'changed-mind'. Each line answers the outcome, the rule or article that won (basis), every reason, the resolutions, fees, deadlines, conditions, refund timing and the policy version.")
            .Produces<EligibilityResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var group = app.MapGroup("/api/v1/policies").WithTags("Policies");

        group.MapGet("/", async (string? cursor, int? limit, RetourDbContext db, CancellationToken ct) =>
        {
            var take = Math.Clamp(limit ?? DefaultLimit, 1, 200);
            if (cursor is not null && !int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return Problems.Invalid(new Dictionary<string, string[]> { ["cursor"] = ["Not a cursor from this list."] });
            }

            var before = cursor is null ? int.MaxValue : int.Parse(cursor, CultureInfo.InvariantCulture);
            var items = await db.PolicyVersions.AsNoTracking()
                .Where(p => p.Number < before)
                .OrderByDescending(p => p.Number)
                .Take(take + 1)
                .Select(p => new { p.Number, p.Status, p.Note, p.CopiedFrom, p.CreatedAt, p.CreatedBy, p.PublishedAt, p.PublishedBy })
                .ToListAsync(ct);
            var next = items.Count > take ? items[take - 1].Number.ToString(CultureInfo.InvariantCulture) : null;
            var page = items.Take(take).Select(p => new PolicyVersionSummary(p.Number, PolicyVersion.Tag(p.Number), p.Status, p.Note, p.CopiedFrom, p.CreatedAt, p.CreatedBy, p.PublishedAt, p.PublishedBy)).ToList();
            return Results.Ok(new PolicyVersionPage(page, next));
        })
            .WithName("ListPolicyVersions")
            .WithSummary("List policy versions, newest first")
            .WithDescription("Drafts, the published version and the superseded ones. Pass nextCursor back as cursor for the next page.")
            .Produces<PolicyVersionPage>()
            .ProducesValidationProblem();

        group.MapGet("/current", async (HttpContext http, RetourDbContext db, CancellationToken ct) =>
            await db.PolicyVersions.AsNoTracking().FirstOrDefaultAsync(p => p.Status == PolicyStatus.Published, ct) is { } p
                ? PolicyCommand.WithETag(p, Results.Ok(PolicyVersionResponse.From(p)))
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No policy version is published.", detail: "Returns are decided by the Returns settings until a version is published.", type: "urn:retour:problem:notFound"))
            .WithName("GetCurrentPolicy")
            .WithSummary("Get the policy version in force")
            .Produces<PolicyVersionResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/baselines", () => Results.Ok(LegalBaselines.All))
            .WithName("ListLegalBaselines")
            .WithSummary("List the legal baselines per jurisdiction, each with the date it applies from")
            .WithDescription("The consumer law Retour applies on top of every policy: withdrawal periods, exceptions, legal guarantees and other statutory rights, with their articles. A jurisdiction's rules are the latest entry in force on the day the order was placed.")
            .Produces<IReadOnlyList<LegalBaseline>>();

        group.MapGet("/{number:int}", async (int number, RetourDbContext db, CancellationToken ct) =>
            await db.PolicyVersions.AsNoTracking().FirstOrDefaultAsync(p => p.Number == number, ct) is { } p
                ? PolicyCommand.WithETag(p, Results.Ok(PolicyVersionResponse.From(p)))
                : Problems.NotFound("policy version", number))
            .WithName("GetPolicyVersion")
            .WithSummary("Get a policy version with its document")
            .Produces<PolicyVersionResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/", (CreatePolicyRequest request, HttpContext http, RetourDbContext db, PolicyBook book, TimeProvider clock, CancellationToken ct) =>
            Validated(CreatePolicy.Validate(request), () => CreatePolicy.HandleAsync(request, Actors.Of(http.User).Name, db, book, clock, ct)))
            .WithName("CreatePolicyDraft")
            .WithSummary("Create a draft policy version")
            .WithDescription("From a document, or a copy of version copyFrom; with neither, from the policy in force. A draft judges nothing until it is published.")
            .Produces<PolicyVersionResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPut("/{number:int}", (int number, EditPolicyRequest request, HttpContext http, RetourDbContext db, TimeProvider clock, CancellationToken ct) =>
            Validated(EditPolicy.Validate(request), () => PolicyCommand.RunAsync(number, http, db, p => Task.FromResult(p.Edit(request.Document, request.Note?.Trim(), clock.GetUtcNow())), ct)))
            .WithName("EditPolicyDraft")
            .WithSummary("Replace a draft's document")
            .WithDescription("Only a draft can be edited. Send If-Match with the ETag you read to refuse the change (409) when someone changed the draft meanwhile.")
            .Produces<PolicyVersionResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapPost("/{number:int}/validate", async (int number, RetourDbContext db, CancellationToken ct) =>
        {
            var p = await db.PolicyVersions.AsNoTracking().FirstOrDefaultAsync(x => x.Number == number, ct);
            if (p is null)
            {
                return Problems.NotFound("policy version", number);
            }

            var check = PolicyValidation.Validate(p.Document);
            return Results.Ok(new PolicyValidationResponse(number, check.IsValid, check.Errors.Select(PolicyFinding.From).ToList(), check.Warnings.Select(PolicyFinding.From).ToList()));
        })
            .WithName("ValidatePolicyVersion")
            .WithSummary("Check a version: complete, consistent and lawful in every market it declares")
            .WithDescription("Answers valid, the errors that would stop publication and the warnings, each with its code, message and the field (JSON path) it concerns.")
            .Produces<PolicyValidationResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{number:int}/simulate", (int number, int? days, HttpContext http, RetourDbContext db, PolicyBook book, HtmlDocuments html, TimeProvider clock, CancellationToken ct) =>
            SimulatePolicy.HandleAsync(number, days, http, db, book, html, clock, ct))
            .WithName("SimulatePolicyVersion")
            .WithSummary("What-if: replay the last N days (default 90) of orders and returns under this version")
            .WithDescription("Compares this version with the policy in force over the orders placed and the returns requested in the last `days` days: order lines that would become returnable or not, deadlines moved, returned lines decided differently, and refunds and fees per currency before and after. Writes nothing. Ask for `Accept: text/html` (or `?format=html`) for the printable report.")
            .Produces<SimulationReport>()
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapPost("/{number:int}/publish", (int number, HttpContext http, RetourDbContext db, PolicyBook book, TimeProvider clock, CancellationToken ct) =>
            PublishPolicy.HandleAsync(number, Actors.Of(http.User).Name, http, db, book, clock, ct))
            .WithName("PublishPolicyVersion")
            .WithSummary("Put a draft in force")
            .WithDescription("Validates the draft and refuses it (422) with every error's code and target; otherwise it becomes the version in force and the previous one is superseded. Orders placed from now on are judged by it; earlier orders by the version in force when they were placed, unless this one is more generous.")
            .Produces<PolicyVersionResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapPost("/{number:int}/rollback", (int number, RollBackPolicyRequest? request, HttpContext http, RetourDbContext db, PolicyBook book, TimeProvider clock, CancellationToken ct) =>
            PublishPolicy.RollBackAsync(number, request, Actors.Of(http.User).Name, db, book, clock, ct))
            .WithName("RollBackPolicy")
            .WithSummary("Go back to an earlier version by publishing its document as a new version")
            .WithDescription("History is never rewritten: the earlier document is copied into a new version number, which is published.")
            .Produces<PolicyVersionResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        return app;
    }

    private static async Task<IResult> Validated(FieldErrors errors, Func<Task<IResult>> run) =>
        errors.IsEmpty ? await run() : errors.ToProblem();
}
