using System.Text.Json;
using System.Text.Json.Serialization;
using Dorixona.Core.Common;
using Dorixona.Web.Components.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Dorixona.Web.Api;

/// <summary>
/// How the JSON API meets input it cannot use, once for every endpoint: a body that is not JSON, has a value of the
/// wrong type or text with control characters is a 400 problem naming the field, never an exception reaching the client.
/// </summary>
public static class ApiInput
{
    public static IServiceCollection AddApiInput(this IServiceCollection services)
    {
        // Binding failures throw in every environment so the middleware below answers them with a named field
        // (otherwise outside Development the framework would answer a bare 400 with no body).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new CleanTextConverter()));
        return services;
    }

    /// <summary>Goes after request localization, so the messages are in the caller's language.</summary>
    public static IApplicationBuilder UseApiInput(this IApplicationBuilder app) =>
        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/api"), api => api.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                var localizer = context.RequestServices.GetRequiredService<IStringLocalizer<SharedStrings>>();
                context.Response.Clear();
                await Refusal(localizer, e).ExecuteAsync(context);
            }
        }));

    /// <summary>Reads a JSON body a handler reads itself; a body that does not read fails as framework binding does.</summary>
    public static async Task<T?> ReadJsonAsync<T>(this HttpRequest request, CancellationToken ct = default)
    {
        if (!request.HasJsonContentType())
            throw new BadHttpRequestException("Expected a JSON body.", StatusCodes.Status415UnsupportedMediaType);
        try
        {
            return await request.ReadFromJsonAsync<T>(ct);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("The request body does not read as JSON.", StatusCodes.Status400BadRequest, e);
        }
    }

    /// <summary>The field error for a body that did not deserialize: the JSON path names the field.</summary>
    public static FieldError ErrorFor(JsonException e)
    {
        var field = e.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : null;
        return e is DirtyTextException ? new FieldError(field, InputText.ControlCharactersCode)
            : new FieldError(field, field is null ? "value.json" : "value.invalid");
    }

    private static ProblemHttpResult Refusal(IStringLocalizer localizer, BadHttpRequestException e) =>
        e.StatusCode == StatusCodes.Status400BadRequest
            ? ApiProblems.Validation(localizer, [Innermost<JsonException>(e) is { } json ? ErrorFor(json) : new FieldError(null, "value.unreadable")])
            : TypedResults.Problem(statusCode: e.StatusCode, title: localizer["error.title." + e.StatusCode] is { ResourceNotFound: false } t ? t.Value : null);

    private static T? Innermost<T>(Exception? e) where T : Exception
    {
        T? found = null;
        for (; e is not null; e = e.InnerException)
            if (e is T t) found = t;
        return found;
    }

    /// <summary>Thrown while reading a string that is not clean text; the serializer adds the path of the field.</summary>
    private sealed class DirtyTextException() : JsonException("The text contains control characters.");

    private sealed class CleanTextConverter : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            return InputText.IsClean(text) ? text : throw new DirtyTextException();
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
