namespace Dorixona.Core.Common;

/// <summary>
/// A failure a person can fix: <see cref="Code"/> is a localization key the web layer turns into a message,
/// <see cref="Field"/> names the input it belongs to (null for the form as a whole).
/// </summary>
public sealed record FieldError(string? Field, string Code, params object[] Args);

public class Result
{
    protected Result(IReadOnlyList<FieldError> errors) => Errors = errors;

    public IReadOnlyList<FieldError> Errors { get; }
    public bool Succeeded => Errors.Count == 0;

    public static Result Ok() => new([]);
    public static Result Fail(string? field, string code, params object[] args) => new([new FieldError(field, code, args)]);
    public static Result Fail(IReadOnlyList<FieldError> errors) => new(errors);
}

public sealed class Result<T> : Result
{
    private Result(T? value, IReadOnlyList<FieldError> errors) : base(errors) => Value = value;

    public T? Value { get; }

    public static Result<T> Ok(T value) => new(value, []);
    public static new Result<T> Fail(string? field, string code, params object[] args) => new(default, [new FieldError(field, code, args)]);
    public static new Result<T> Fail(IReadOnlyList<FieldError> errors) => new(default, errors);
}
