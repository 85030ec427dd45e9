using System.Text.RegularExpressions;
using Dorixona.Core.Common;
using Dorixona.Core.Delivery;
using Dorixona.Core.Identity;
using Microsoft.AspNetCore.Authorization;

namespace Dorixona.Web.Files;

/// <summary>The couriers' proof-of-delivery photos (<see cref="Infrastructure.FileUrls.DeliveryPhoto"/>) for the operators' board.</summary>
public static partial class DeliveryPhotoEndpoint
{
    public static void MapDeliveryPhotos(this IEndpointRouteBuilder app)
    {
        // Proof photos are evidence about a customer's door: operators and admins only, never cached by proxies.
        app.MapGet("/operator/deliveries/{id:long}/photo", async Task<IResult> (long id, DeliveryQueries q, IFileStore files, HttpContext http, CancellationToken ct) =>
        {
            if (await q.PhotoPathAsync(id, ct) is not { } path || PhotoName().Match(path) is not { Success: true } m
                || Core.Catalog.Admin.ImageFormats.ByExtension(m.Groups["ext"].Value) is not { } format) return TypedResults.NotFound();
            var file = await files.OpenReadAsync(path, ct);
            if (file is null) return TypedResults.NotFound();
            http.Response.Headers.CacheControl = "private, no-store";
            return TypedResults.Stream(file.Content, format.ContentType);
        }).RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Operator + "," + Roles.Admin });
    }

    [GeneratedRegex("^delivery-proofs/[0-9a-f]{32}\\.(?<ext>jpg|png|webp)$")]
    private static partial Regex PhotoName();
}
