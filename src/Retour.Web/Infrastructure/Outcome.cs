using Retour.Domain;

namespace Retour.Web.Infrastructure;

/// <summary>
/// What a use case gives both the API and the pages: the value, the rules it broke, or that the thing it acts on does
/// not exist. The API turns it into problem details (<see cref="ToHttp"/>); a page into messages.
/// </summary>
public sealed class Outcome<T>
    where T : class
{
    internal Outcome(T? value, Result failure, bool missing) => (Value, Failure, IsMissing) = (value, failure, missing);

    /// <summary>The value on success.</summary>
    public T? Value { get; }

    /// <summary>The rules broken; success when none.</summary>
    public Result Failure { get; }

    /// <summary>The resource acted on does not exist.</summary>
    public bool IsMissing { get; }

    /// <summary>404 when missing, 422 with the broken rules, else what <paramref name="ok"/> makes of the value.</summary>
    public IResult ToHttp(string what, object id, Func<T, IResult> ok)
    {
        ArgumentNullException.ThrowIfNull(ok);
        return IsMissing ? Problems.NotFound(what, id) : Value is null ? Problems.Rule(Failure) : ok(Value);
    }
}

/// <summary>Makes <see cref="Outcome{T}"/> values.</summary>
public static class Outcome
{
    /// <summary>A success.</summary>
    public static Outcome<T> Ok<T>(T value)
        where T : class => new(value, Result.Ok(), false);

    /// <summary>Refused for broken rules.</summary>
    public static Outcome<T> Refused<T>(Result failure)
        where T : class => new(null, failure, false);

    /// <summary>The resource does not exist.</summary>
    public static Outcome<T> Missing<T>()
        where T : class => new(null, Result.Ok(), true);
}
