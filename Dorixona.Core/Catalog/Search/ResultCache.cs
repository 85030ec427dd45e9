using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Catalog.Search;

public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>
    /// Memory (MiB, estimated from what each result holds) that computed searches may keep per catalog-and-stock picture;
    /// the least recently used go first when it is full. 0 keeps none (every search is computed).
    /// </summary>
    public int ResultCacheMegabytes { get; set; } = 64;

    public long ResultCacheBytes => Math.Max(0, (long)ResultCacheMegabytes) * 1024 * 1024;

    /// <summary>
    /// Memory (MiB, estimated) per catalog-and-stock picture for what pages derive from it alone (product cards' markup,
    /// listings' filter lists, the search API's written answers: ~14 KB a page of 20); least recently read go first.
    /// 0 keeps none (pages render everything per request).
    /// </summary>
    public int DerivedCacheMegabytes { get; set; } = 64;

    public long DerivedCacheBytes => Math.Max(0, (long)DerivedCacheMegabytes) * 1024 * 1024;

    /// <summary>
    /// Memory (MiB, estimated) per catalog picture for the leaflets product pages read (a few KB each, three languages);
    /// least recently read go first. Kept apart from <see cref="DerivedCacheMegabytes"/>, so long leaflets never push
    /// search answers out, and across stock changes. 0 keeps none (each product view reads its leaflet).
    /// </summary>
    public int LeafletCacheMegabytes { get; set; } = 16;

    public long LeafletCacheBytes => Math.Max(0, (long)LeafletCacheMegabytes) * 1024 * 1024;
}

/// <summary>
/// The searches computed on one catalog-and-stock picture (paging aside), bounded by their estimated size. A new picture
/// starts a new cache, so a catalog or stock change is visible at once; the old one goes with the old picture.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "Dropped with its picture while requests may still read it; MemoryCache holds no timer or handle")]
internal sealed class ResultCache
{
    private readonly MemoryCache? _cache;

    public ResultCache(long limitBytes)
    {
        LimitBytes = Math.Max(0, limitBytes);
        // Compaction (on a pool thread, when an entry would not fit) drops the least recently read tenth.
        if (LimitBytes > 0)
            _cache = new MemoryCache(Options.Create(new MemoryCacheOptions { SizeLimit = LimitBytes, CompactionPercentage = 0.10, TrackStatistics = true }));
    }

    public ResultCache(IOptions<SearchOptions> options) : this(options.Value.ResultCacheBytes) { }

    public long LimitBytes { get; }

    /// <summary>Entries held now.</summary>
    public int Count => _cache?.Count ?? 0;

    /// <summary>Estimated bytes held now; never above <see cref="LimitBytes"/>.</summary>
    public long Bytes => _cache?.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

    /// <summary>How many searches were answered from this cache.</summary>
    public long Hits => _cache?.GetCurrentStatistics()?.TotalHits ?? 0;

    public bool TryGet(CatalogQuery key, out CatalogView.FullResult result)
    {
        if (_cache is not null && _cache.TryGetValue(key, out var value))
        {
            result = (CatalogView.FullResult)value!;
            return true;
        }
        result = null!;
        return false;
    }

    public void Add(CatalogQuery key, CatalogView.FullResult result)
    {
        if (_cache is null) return;
        using var entry = _cache.CreateEntry(key);
        entry.Size = EstimatedBytes(key, result);
        entry.Value = result;
    }

    public void Clear() => _cache?.Clear();

    /// <summary>
    /// What one entry keeps alive, roughly: the cache's own entry (~200 B), the key, the result's product numbers
    /// (4 B each, 12 B while part of the order is still unsorted) and its facet lists (~40 B a value).
    /// </summary>
    internal static long EstimatedBytes(CatalogQuery key, CatalogView.FullResult result)
    {
        var f = result.Facets;
        var facetValues = f.Categories.Count + f.Substances.Count + f.Manufacturers.Count + f.Forms.Count + f.PriceBuckets.Count;
        long bytes = 200 + 120 + 2L * (key.Text?.Length ?? 0) + 2L * (key.Form?.Length ?? 0)
            + 160 + result.Ordered.RetainedBytes
            + 200 + 40L * facetValues;
        foreach (var word in result.Ignored) bytes += 24 + 2L * word.Length;
        return bytes;
    }
}
