using System.Collections.Concurrent;

namespace Dorixona.Core.Catalog.Search;

public sealed record CategoryInfo(int Id, int? ParentId, string Slug, string NameUz, string NameRu, string NameEn, string Icon, int SortOrder)
{
    public string Name(string language) => language switch { "ru" => NameRu, "en" => NameEn, _ => NameUz };
}

public sealed record ManufacturerInfo(int Id, string Name, string Country);

internal sealed record ProductDoc(
    int Id, string Slug, string Name, string NameRu, int CategoryId, int TopCategoryId, int[] SubstanceIds, int ManufacturerId,
    string DosageForm, string Strength, int PackSize, string? Barcode, long Price, long? OldPrice, bool Rx, int Popularity, string? Image);

/// <summary>A matched vocabulary word for one query word: how well it matched (score) and how (3 exact, 2 prefix, 1 fuzzy).</summary>
internal readonly record struct WordMatch(int Word, float Score, byte Kind);

internal readonly record struct Posting(int Doc, float Weight);

/// <summary>
/// An immutable picture of the active catalog: products, their searchable words, and lookups. Built in
/// one go from a handful of queries; stock lives beside it in <see cref="StockLevels"/> and is swapped on its own.
/// </summary>
public sealed class CatalogSnapshot
{
    internal CatalogSnapshot(
        ProductDoc[] docs, string[] words, Posting[][] postings, IReadOnlyDictionary<int, CategoryInfo> categories,
        IReadOnlyDictionary<int, SubstanceRef> substances, IReadOnlyDictionary<int, ManufacturerInfo> manufacturers, long revision)
    {
        Docs = docs;
        Words = words;
        Postings = postings;
        Categories = categories;
        Substances = substances;
        Manufacturers = manufacturers;
        Revision = revision;
        for (var i = 0; i < docs.Length; i++)
        {
            DocById[docs[i].Id] = i;
            DocBySlug[docs[i].Slug] = i;
            var key = SubstanceKey(docs[i].SubstanceIds);
            if (key.Length == 0) continue;
            if (!BySubstances.TryGetValue(key, out var list)) BySubstances[key] = list = [];
            list.Add(i);
        }
        CategoriesBySlug = categories.Values.ToDictionary(c => c.Slug, StringComparer.Ordinal);
        // Fuzzy matching only ever compares letters with letters of a similar length: bucket the words by length
        // and leave the numbers (barcodes, strengths) out, so a new query word scans a few thousand words, not all.
        var buckets = new List<int>[MaxBucketLength + 1];
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i].Length == 0 || char.IsAsciiDigit(words[i][0])) continue;
            var len = Math.Min(words[i].Length, MaxBucketLength);
            (buckets[len] ??= []).Add(i);
        }
        WordsByLength = buckets.Select(b => b?.ToArray() ?? []).ToArray();
    }

    internal const int MaxBucketLength = 64;

    /// <summary>Indices into <see cref="Words"/> of the letter words, by length (longer ones in the last bucket).</summary>
    internal int[][] WordsByLength { get; }

    internal ProductDoc[] Docs { get; }
    /// <summary>Every distinct folded word, sorted (prefix search is a binary search).</summary>
    internal string[] Words { get; }
    internal Posting[][] Postings { get; }
    internal Dictionary<int, int> DocById { get; } = [];
    internal Dictionary<string, int> DocBySlug { get; } = new(StringComparer.Ordinal);
    internal Dictionary<string, List<int>> BySubstances { get; } = new(StringComparer.Ordinal);
    internal ConcurrentDictionary<string, WordMatch[]> MatchCache { get; } = new(StringComparer.Ordinal);

    public long Revision { get; }
    public int ProductCount => Docs.Length;
    public IReadOnlyDictionary<int, CategoryInfo> Categories { get; }
    public IReadOnlyDictionary<string, CategoryInfo> CategoriesBySlug { get; }
    public IReadOnlyDictionary<int, SubstanceRef> Substances { get; }
    public IReadOnlyDictionary<int, ManufacturerInfo> Manufacturers { get; }

    internal static string SubstanceKey(int[] ids) => string.Join('+', ids.Order());
}

/// <summary>
/// Total units per product across active branches, aligned with <see cref="CatalogSnapshot"/>'s products,
/// and the search results computed on this picture (a new picture starts with none).
/// </summary>
internal sealed record StockLevels(CatalogSnapshot Snapshot, int[] Units, long Revision)
{
    public const int MaxCachedResults = 2_000;

    public ConcurrentDictionary<CatalogQuery, CatalogView.FullResult> Results { get; init; } = new();
}
