namespace Retour.Domain;

/// <summary>A broken rule, as a value: a stable code, a sentence for people and the field or line it concerns.</summary>
public sealed record DomainError(string Code, string Message, string? Target = null);

/// <summary>The outcome of a domain operation: success, or the rules it broke.</summary>
public sealed class Result
{
    private static readonly Result Success = new([]);

    private Result(IReadOnlyList<DomainError> errors) => Errors = errors;

    /// <summary>The broken rules; empty on success.</summary>
    public IReadOnlyList<DomainError> Errors { get; }

    /// <summary>True when no rule was broken.</summary>
    public bool IsSuccess => Errors.Count == 0;

    /// <summary>The success value.</summary>
    public static Result Ok() => Success;

    /// <summary>A failure with one broken rule.</summary>
    public static Result Fail(string code, string message, string? target = null) => new([new DomainError(code, message, target)]);

    /// <summary>A failure with several broken rules.</summary>
    public static Result Fail(IReadOnlyList<DomainError> errors) => errors.Count == 0 ? Success : new(errors);
}
