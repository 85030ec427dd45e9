using System.Text.Json;
using System.Text.Json.Serialization;
using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Alternatives;
using Dorixona.Core.Catalog.Search;
using Dorixona.Core.Common;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Dorixona.Web.Api.Catalog;

public sealed record SubstanceJson(int Id, string Inn, string NameUz, string NameRu);

public sealed record ProductListItem(
    int Id, string Slug, string Name, string NameRu, IReadOnlyList<SubstanceJson> ActiveSubstances, long Price, long? OldPrice,
    int Stock, bool InStock, bool RequiresPrescription, string DosageForm, string Strength, int PackSize, string Manufacturer,
    int CategoryId, string? Image);

/// <summary>
/// A page of products. With search text also: <c>match</c> ("all", "partial": some words set aside, "closest": nothing
/// matched, these are the nearest), the <c>complaint</c> the text named, the <c>ignoredWords</c>, <c>didYouMean</c> and
/// the text searched instead when it was typed on the other keyboard layout.
/// </summary>
public sealed record ProductsPageJson(
    IReadOnlyList<ProductListItem> Items, int Total, int Page, int PageSize, CatalogFacets Facets,
    string? Match = null, ComplaintJson? Complaint = null, IReadOnlyList<string>? IgnoredWords = null, ProductListItem? DidYouMean = null,
    string? UsedKeyboardSwap = null);

public sealed record ComplaintJson(string Slug, string NameUz, string NameRu, string NameEn);

public sealed record BranchStockJson(int BranchId, string BranchName, int Quantity);

public sealed record ProductJson(
    int Id, string Slug, string Name, string NameRu, string Description, IReadOnlyList<SubstanceJson> ActiveSubstances,
    string Category, string Manufacturer, string ManufacturerCountry, string DosageForm, string Strength, int PackSize, string? Barcode,
    long Price, long? OldPrice, int Stock, bool InStock, bool RequiresPrescription, DateOnly? ExpiryDate, int Popularity,
    IReadOnlyList<string> Images, IReadOnlyList<BranchStockJson> StockByBranch)
{
    /// <summary>The leaflet in the request's language, Uzbek where a section is not translated; null for a product without one.</summary>
    public LeafletJson? Leaflet { get; init; }
}

/// <summary>A leaflet's sections in one language; a section the leaflet does not have is null (the keys are always there).</summary>
public sealed record LeafletJson(string? Indications, string? Dosage, string? Contraindications, string? SideEffects, string? Interactions, string? Storage);

/// <summary>
/// One alternative: the pack comparison as before, plus the price of one unit (tablet, capsule, ml, g, dose; <c>unit</c> says
/// which) and how many percent cheaper that unit is than the product's own (null when the units do not compare).
/// </summary>
public sealed record AlternativeJson(
    ProductListItem Product, long CheaperBy, int CheaperByPercent, decimal? UnitPrice, string? Unit, int? CheaperPerUnitPercent);

/// <summary>
/// The search answers, the API's busiest, written by generated code rather than by reflection over the records (decision
/// 0058). Same names and shape as every other answer: web defaults, and the app's own text encoder.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ProductsPageJson))]
[JsonSerializable(typeof(List<ProductListItem>))]
internal sealed partial class CatalogJson : JsonSerializerContext;

/// <summary>The public catalog for the mobile apps: anonymous, read-only, answered from the in-memory index.</summary>
public static class CatalogApi
{
    public static void MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Catalog").AllowAnonymous();
        var json = new CatalogJson(new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = app.ServiceProvider.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions.Encoder,
        });

        api.MapGet("/categories", async (CatalogIndex index) =>
        {
            var view = await index.GetAsync();
            return TypedResults.Ok(view.CategoryTree().Select(t => new
            {
                t.Category.Id, t.Category.Slug, nameUz = t.Category.NameUz, nameRu = t.Category.NameRu, nameEn = t.Category.NameEn,
                t.Category.Icon, productCount = t.Products,
                children = t.Children.Select(c => new
                {
                    c.Category.Id, c.Category.Slug, nameUz = c.Category.NameUz, nameRu = c.Category.NameRu, nameEn = c.Category.NameEn,
                    productCount = c.Products,
                }),
            }));
        });

        api.MapGet("/substances", async (CatalogIndex index) =>
        {
            var view = await index.GetAsync();
            return TypedResults.Ok(view.Snapshot.Substances.Values.OrderBy(s => s.Inn, StringComparer.OrdinalIgnoreCase)
                .Select(s => new SubstanceJson(s.Id, s.Inn, s.NameUz, s.NameRu)));
        });

        api.MapGet("/products", async ([AsParameters] ProductsQuery q, CatalogIndex index) =>
        {
            var view = await index.GetAsync();
            var query = q.ToRequest().ToQuery(view.Snapshot, defaultPageSize: 20);
            // An answer depends on the catalog-and-stock picture and the query alone, so it is kept written, with the picture
            // (decision 0058): a repeated search costs what parsing its address does. A change makes a new, empty picture.
            var body = view.Derived.GetOrAdd(new ProductsPageKey(query), (view, query, json),
                static s => JsonSerializer.SerializeToUtf8Bytes(Page(s.view.Search(s.query)), s.json.ProductsPageJson), static b => b.LongLength);
            return TypedResults.Bytes(body, "application/json; charset=utf-8");
        }).Produces<ProductsPageJson>();

        // What the search box offers while typing (site.js): the few closest products, in the order search ranks them.
        api.MapGet("/suggest", async ([FromQuery] string? q, CatalogIndex index) =>
        {
            var text = q?.Trim() ?? "";
            if (text.Length < 2) return TypedResults.Json(new List<ProductListItem>(), json.ListProductListItem);
            var view = await index.GetAsync();
            return TypedResults.Json(view.Suggest(text[..Math.Min(text.Length, 100)]).Select(ToItem).ToList(), json.ListProductListItem);
        }).Produces<List<ProductListItem>>();

        api.MapGet("/products/{idOrSlug}", async Task<Results<Ok<ProductJson>, NotFound>> (string idOrSlug, ProductDetails details) =>
            await details.FindAsync(idOrSlug) is { } p ? TypedResults.Ok(ToJson(p)) : TypedResults.NotFound());

        api.MapGet("/products/{idOrSlug}/alternatives", async Task<Results<Ok<List<AlternativeJson>>, NotFound>> (string idOrSlug, CatalogIndex index) =>
        {
            var view = await index.GetAsync();
            var product = int.TryParse(idOrSlug, out var id) ? view.Find(id) : view.Find(idOrSlug);
            if (product is null) return TypedResults.NotFound();
            return TypedResults.Ok(AlternativeOffers.For(view, product.Id).Select(a => new AlternativeJson(
                ToItem(a.Product), a.CheaperBy, a.CheaperByPercent, a.UnitPrice?.Amount, a.UnitPrice is { } u ? WireName.Of(u.Unit) : null,
                a.CheaperPerUnitPercent)).ToList());
        });

        api.MapGet("/branches", async (ProductDetails details) =>
            TypedResults.Ok((await details.BranchesAsync()).Select(b => new
            {
                b.Id, b.Code, b.Name, b.Address, b.Latitude, b.Longitude, b.OpeningHours, b.Phone, b.IsWarehouse,
            })));
    }

    private static ProductsPageJson Page(CatalogResult result) => new(
        result.Items.Select(ToItem).ToList(), result.Total, result.Page, result.PageSize, result.Facets,
        result.Match == SearchMatch.None ? null : MatchName(result.Match),
        result.Complaint is { } c ? new ComplaintJson(c.Slug, c.NameUz, c.NameRu, c.NameEn) : null,
        result.Match == SearchMatch.None ? null : result.IgnoredWords ?? [],
        result.DidYouMean is { } d ? ToItem(d) : null, result.UsedKeyboardSwap);

    /// <summary>Where a written answer is kept in the picture's <see cref="DerivedCache"/>, apart from pages' markup.</summary>
    private sealed record ProductsPageKey(CatalogQuery Query);

    private static string MatchName(SearchMatch match) => match switch
    {
        SearchMatch.All => "all",
        SearchMatch.Partial => "partial",
        SearchMatch.Closest => "closest",
        _ => "none",
    };

    internal static ProductListItem ToItem(ProductCard c) => new(
        c.Id, c.Slug, c.Name, c.NameRu, ToJson(c.Substances),
        c.Price, c.OldPrice, c.Stock, c.InStock, c.RequiresPrescription, c.DosageForm, c.Strength, c.PackSize, c.Manufacturer,
        c.CategoryId, c.Image is null ? null : FileUrls.ProductImage(c.Image));

    private static SubstanceJson[] ToJson(IReadOnlyList<SubstanceRef> substances)
    {
        var json = new SubstanceJson[substances.Count];
        for (var i = 0; i < json.Length; i++)
            json[i] = new SubstanceJson(substances[i].Id, substances[i].Inn, substances[i].NameUz, substances[i].NameRu);
        return json;
    }

    private static ProductJson ToJson(ProductDetail p) => new(
        p.Id, p.Slug, p.Name, p.NameRu, p.Description, p.Substances.Select(s => new SubstanceJson(s.Id, s.Inn, s.NameUz, s.NameRu)).ToList(),
        p.Category.Slug, p.Manufacturer.Name, p.Manufacturer.Country, p.DosageForm, p.Strength, p.PackSize, p.Barcode, p.Price, p.OldPrice,
        p.TotalStock, p.InStock, p.RequiresPrescription, p.ExpiryDate, p.Popularity, p.Images.Select(FileUrls.ProductImage).ToList(),
        p.Stock.Select(s => new BranchStockJson(s.BranchId, s.BranchName, s.Quantity)).ToList())
    {
        Leaflet = p.Leaflet?.In(Cultures.Current) is { } l
            ? new LeafletJson(l.Indications, l.Dosage, l.Contraindications, l.SideEffects, l.Interactions, l.Storage)
            : null,
    };

    /// <summary>The query parameters the issue names: search, category, substance, manufacturer, form, rx, minPrice, maxPrice, inStock, sort, page, pageSize.</summary>
    public sealed record ProductsQuery(
        [FromQuery] string? Search, [FromQuery] string? Category, [FromQuery] string? Substance, [FromQuery] string? Manufacturer,
        [FromQuery] string? Form, [FromQuery] string? Rx, [FromQuery] string? MinPrice, [FromQuery] string? MaxPrice,
        [FromQuery] string? InStock, [FromQuery] string? Sort, [FromQuery] string? Page, [FromQuery] string? PageSize)
    {
        public CatalogRequest ToRequest() => new(Search, Category, Substance, Manufacturer, Form, Rx, MinPrice, MaxPrice, InStock, Sort, Page, PageSize);
    }
}
