using Dorixona.Web;
using Dorixona.Core.Common;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Dorixona.Web.Api;

/// <summary>RFC 7807 answers with localized field errors (<c>errors: {field: [message]}</c>) and the machine codes beside them.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult Validation(IStringLocalizer localizer, IReadOnlyList<FieldError> errors, int status = StatusCodes.Status400BadRequest)
    {
        var byField = errors.GroupBy(e => e.Field ?? "")
            .ToDictionary(g => g.Key, g => g.Select(localizer.Error).ToArray());
        var problem = new HttpValidationProblemDetails(byField)
        {
            Status = status,
            Title = localizer["error.validation.title"],
            Type = status == StatusCodes.Status400BadRequest ? "https://tools.ietf.org/html/rfc9110#section-15.5.1" : null,
        };
        problem.Extensions["codes"] = errors.Select(e => new { field = e.Field, code = e.Code }).ToArray();
        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult Problem(IStringLocalizer localizer, string code, int status, params object[] args) =>
        TypedResults.Problem(
            detail: localizer.Error(new FieldError(null, code, args)),
            statusCode: status,
            title: localizer["error.title." + status] is { ResourceNotFound: false } title ? title.Value : null,
            extensions: new Dictionary<string, object?> { ["code"] = code });
}
