using System.Globalization;
using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Search;

namespace Dorixona.Web.Infrastructure;

/// <summary>
/// The catalog's query string, shared by <c>/catalog</c> and <c>GET /api/v1/products</c> so a shared link and
/// an API call mean the same thing. Values that make no sense are ignored rather than failing the page.
/// </summary>
public sealed record CatalogRequest(
    string? Search, string? Category, string? Substance, string? Manufacturer, string? Form, string? Rx,
    string? MinPrice, string? MaxPrice, string? InStock, string? Sort, string? Page, string? PageSize)
{
    public static readonly IReadOnlyDictionary<string, CatalogSort> Sorts = new Dictionary<string, CatalogSort>(StringComparer.OrdinalIgnoreCase)
    {
        ["relevance"] = CatalogSort.Relevance,
        ["price-asc"] = CatalogSort.PriceAsc,
        ["price-desc"] = CatalogSort.PriceDesc,
        ["name"] = CatalogSort.Name,
        ["popularity"] = CatalogSort.Popularity,
    };

    public CatalogQuery ToQuery(CatalogSnapshot snapshot, int defaultPageSize = 24) => new()
    {
        Text = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim()[..Math.Min(Search.Trim().Length, 100)],
        CategoryId = CategoryId(snapshot),
        SubstanceId = Substance is null ? null
            : Int(Substance) is { } s && snapshot.Substances.ContainsKey(s) ? s
            : snapshot.Substances.Values.FirstOrDefault(x => string.Equals(x.Inn, Substance, StringComparison.OrdinalIgnoreCase))?.Id,
        ManufacturerId = Int(Manufacturer) is { } m && snapshot.Manufacturers.ContainsKey(m) ? m : null,
        Form = DosageForms.All.Contains(Form) ? Form : null,
        Rx = Bool(Rx),
        MinPrice = Long(MinPrice),
        MaxPrice = Long(MaxPrice),
        InStockOnly = Bool(InStock) == true,
        Sort = Sort is not null && Sorts.TryGetValue(Sort, out var sort) ? sort : null,
        Page = Math.Clamp(Int(Page) ?? 1, 1, 10_000),
        PageSize = Math.Clamp(Int(PageSize) ?? defaultPageSize, 1, CatalogQuery.MaxPageSize),
    };

    public int? CategoryId(CatalogSnapshot snapshot) =>
        Category is null ? null
        : snapshot.CategoriesBySlug.TryGetValue(Category, out var c) ? c.Id
        : Int(Category) is { } id && snapshot.Categories.ContainsKey(id) ? id : null;

    private static int? Int(string? s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static long? Long(string? s) =>
        long.TryParse(s?.Replace(" ", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static bool? Bool(string? s) => s?.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" => false,
        _ => null,
    };
}
