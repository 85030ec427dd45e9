using System.Text;
using System.Text.RegularExpressions;
using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Catalog.Import;
using Dorixona.Core.Catalog.Search;
using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Net.Http.Headers;

namespace Dorixona.Web.Files;

/// <summary>Uploaded product pictures and drawn packs for everyone, and the catalog CSV for admins signed in with the browser.</summary>
public static partial class MediaEndpoints
{
    public static void MapMediaEndpoints(this IEndpointRouteBuilder app)
    {
        // A stored name never changes content, so browsers and proxies may keep it for a year without asking again.
        app.MapGet(FileUrls.ProductImagesPath + "/{fileName}", async Task<IResult> (string fileName, IFileStore files, HttpContext http, CancellationToken ct) =>
        {
            var match = StoredName().Match(fileName);
            if (!match.Success || ImageFormats.ByExtension(match.Groups["ext"].Value) is not { } format) return TypedResults.NotFound();
            var file = await files.OpenReadAsync(ProductImages.PathOf(fileName), ct);
            if (file is null) return TypedResults.NotFound();
            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return TypedResults.Stream(file.Content, format.ContentType, lastModified: file.LastModified,
                entityTag: new EntityTagHeaderValue("\"" + match.Groups["id"].Value + "\""), enableRangeProcessing: true);
        }).AllowAnonymous();

        // A drawn pack for every product in the catalog (decision 0045): made once per drawn version and kept in memory;
        // the URL carries that version, so the browser keeps it as long as an uploaded picture.
        app.MapGet(PackIllustration.PathPrefix + "/{slug}.svg", async Task<IResult> (string slug, CatalogIndex index, IMemoryCache cache, HttpContext http) =>
        {
            if ((await index.GetAsync()).Find(slug) is not { } p) return TypedResults.NotFound();
            var version = PackIllustration.Version(p.Name, p.DosageForm, p.Strength, p.PackSize);
            var svg = cache.GetOrCreate(("pack", p.Id, version), entry =>
            {
                entry.SlidingExpiration = TimeSpan.FromHours(1);
                return Encoding.UTF8.GetBytes(PackIllustration.Svg(p.Name, p.DosageForm, p.Strength, p.PackSize));
            })!;
            http.Response.Headers.CacheControl = http.Request.Query["v"] == version ? "public, max-age=31536000, immutable" : "public, max-age=3600";
            return TypedResults.Bytes(svg, "image/svg+xml", entityTag: new EntityTagHeaderValue("\"" + version + "\""));
        }).AllowAnonymous();

        app.MapGet("/admin/catalog/products.csv", (ProductImporter importer, TimeProvider clock, CancellationToken ct) => CatalogCsv.ExportAsync(importer, clock, ct))
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Admin });
    }

    [GeneratedRegex("^(?<id>[0-9a-f]{32})\\.(?<ext>jpg|png|webp)$")]
    private static partial Regex StoredName();
}

public static class CatalogCsv
{
    /// <summary>Every product (inactive ones too) as the import reads it, UTF-8 with a BOM so Excel shows Cyrillic right.</summary>
    public static async Task<IResult> ExportAsync(ProductImporter importer, TimeProvider clock, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        // CsvHelper writes synchronously, which the response body does not allow: build the file first.
        await using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
            await importer.ExportAsync(writer, ct);
        var date = Tashkent.ToLocal(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.File(buffer.ToArray(), "text/csv; charset=utf-8", $"dorixona-products-{date}.csv");
    }
}
