namespace Retour.Web.Tests.Infrastructure;

/// <summary>A 400 problem details body as a caller reads it: messages per field.</summary>
public sealed record Problem(string? Type, string? Title, int Status, string? Detail, Dictionary<string, string[]>? Errors);

/// <summary>One broken rule in a 422 answer.</summary>
public sealed record RuleError(string Code, string Message, string? Target);

/// <summary>A 422 (or 409) body: the first rule's code and every broken rule.</summary>
public sealed record RuleProblem(string Type, int Status, string Detail, string? Code, IReadOnlyList<RuleError>? Errors);
