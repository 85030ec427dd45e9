using System.Text;
using System.Text.Json;
using Dorixona.Core.Common;
using Dorixona.Core.Payments.Click;
using Microsoft.AspNetCore.WebUtilities;

namespace Dorixona.Web.Api.Providers;

/// <summary>
/// <c>/api/payments/click/prepare</c> and <c>/complete</c>: form-urlencoded (or JSON) in, Click's JSON out, HTTP 200 always.
/// Anything unreadable reaches <see cref="ClickShop"/> as "no fields" and is answered -8.
/// </summary>
public static class ClickEndpoints
{
    public static void MapClickEndpoints(this IEndpointRouteBuilder app)
    {
        app.Map("/api/payments/click/prepare", (HttpContext http, ClickShop click) => HandleAsync(http, click, complete: false))
            .AllowAnonymous().DisableAntiforgery().DisableRateLimiting().WithTags("Providers").ExcludeFromDescription();
        app.Map("/api/payments/click/complete", (HttpContext http, ClickShop click) => HandleAsync(http, click, complete: true))
            .AllowAnonymous().DisableAntiforgery().DisableRateLimiting().WithTags("Providers").ExcludeFromDescription();
    }

    private static async Task<IResult> HandleAsync(HttpContext http, ClickShop click, bool complete)
    {
        var ct = http.RequestAborted;
        var bytes = await BoundedRead.ReadAtMostAsync(http.Request.Body, ClickShop.MaxBody, ct);
        var text = bytes is null ? null : Encoding.UTF8.GetString(bytes);
        var form = HttpMethods.IsPost(http.Request.Method) && text is not null ? Parse(text, http.Request.ContentType) : null;
        var json = await click.HandleAsync(complete, form, text ?? "(body too large)", ct);
        return Results.Content(json, "application/json; charset=utf-8", Encoding.UTF8, StatusCodes.Status200OK);
    }

    /// <summary>The fields as received (decoded, never reformatted: the signature is over these strings), or null.</summary>
    private static Dictionary<string, string>? Parse(string text, string? contentType)
    {
        if (contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true || text.TrimStart().StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
                return doc.RootElement.EnumerateObject().Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                    .GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.First().Value.ValueKind == JsonValueKind.String ? g.First().Value.GetString()! : g.First().Value.GetRawText());
            }
            catch (JsonException)
            {
                return null;
            }
        }
        try
        {
            return QueryHelpers.ParseQuery(text).ToDictionary(kv => kv.Key, kv => kv.Value.Count > 0 ? kv.Value[0] ?? "" : "");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or UriFormatException)
        {
            return null;
        }
    }
}
