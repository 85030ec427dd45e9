namespace Dorixona.Core.Catalog.Search;

public enum CatalogSort
{
    Relevance,
    PriceAsc,
    PriceDesc,
    Name,
    Popularity,
}

/// <summary>Everything a catalog page or <c>GET /api/v1/products</c> can ask for.</summary>
public sealed record CatalogQuery
{
    public string? Text { get; init; }
    public int? CategoryId { get; init; }
    public int? SubstanceId { get; init; }
    public int? ManufacturerId { get; init; }
    public string? Form { get; init; }
    public bool? Rx { get; init; }
    public long? MinPrice { get; init; }
    public long? MaxPrice { get; init; }
    public bool InStockOnly { get; init; }
    /// <summary>Null: relevance when there is text, popularity otherwise.</summary>
    public CatalogSort? Sort { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 24;

    public const int MaxPageSize = 100;
}

public sealed record SubstanceRef(int Id, string Inn, string NameUz, string NameRu);

public sealed record ProductCard(
    int Id, string Slug, string Name, string NameRu, IReadOnlyList<SubstanceRef> Substances, int ManufacturerId, string Manufacturer,
    int CategoryId, string DosageForm, string Strength, int PackSize, long Price, long? OldPrice, int Stock,
    bool RequiresPrescription, string? Image, int Popularity)
{
    public bool InStock => Stock > 0;
}

public sealed record FacetValue<T>(T Value, int Count);

public sealed record PriceBucket(long? From, long? To, int Count);

public sealed record CatalogFacets(
    IReadOnlyList<FacetValue<int>> Categories,
    IReadOnlyList<FacetValue<int>> Substances,
    IReadOnlyList<FacetValue<int>> Manufacturers,
    IReadOnlyList<FacetValue<string>> Forms,
    int RxOnly,
    int OverTheCounter,
    int InStock,
    IReadOnlyList<PriceBucket> PriceBuckets,
    long? MinPrice,
    long? MaxPrice);

/// <summary>How the text matched: no text; every word; only some (the rest set aside); nothing, so the closest products.</summary>
public enum SearchMatch
{
    None,
    All,
    Partial,
    Closest,
}

/// <summary>
/// One page of results. <see cref="UsedKeyboardSwap"/> is set when the text made sense only on the other
/// keyboard layout, so the page can say what it searched for instead. <see cref="Complaint"/> is the complaint
/// the text named ("for: cough"), <see cref="IgnoredWords"/> the words (as typed) that matched nothing and were
/// set aside, <see cref="DidYouMean"/> the closest product when the text matched only by misspelling or not at all.
/// </summary>
public sealed record CatalogResult(
    IReadOnlyList<ProductCard> Items, int Total, int Page, int PageSize, CatalogFacets Facets, string? UsedKeyboardSwap,
    SearchMatch Match = SearchMatch.None, ComplaintInfo? Complaint = null, IReadOnlyList<string>? IgnoredWords = null, ProductCard? DidYouMean = null);
