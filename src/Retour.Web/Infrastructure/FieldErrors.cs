namespace Retour.Web.Infrastructure;

/// <summary>Collects shape errors per field while a request is validated.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    /// <summary>True when nothing was added.</summary>
    public bool IsEmpty => _errors.Count == 0;

    /// <summary>Adds a message for the field when the condition is false.</summary>
    public FieldErrors Check(bool condition, string field, string message)
    {
        if (!condition)
        {
            if (!_errors.TryGetValue(field, out var list))
            {
                _errors[field] = list = [];
            }

            list.Add(message);
        }

        return this;
    }

    /// <summary>Requires a non-blank text of at most <paramref name="max"/> characters.</summary>
    public FieldErrors Text(string? value, string field, int max, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Check(!required, field, "Required.");
        }

        return Check(value.Length <= max, field, $"At most {max} characters.");
    }

    /// <summary>The errors as the ProblemDetails 'errors' member wants them.</summary>
    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>A 400 problem with the errors.</summary>
    public IResult ToProblem() => Problems.Invalid(ToDictionary());
}
