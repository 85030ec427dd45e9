using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Catalog.Search;

/// <summary>
/// What pages derive from one catalog-and-stock picture alone (a product card's ready markup, a listing's filter list),
/// bounded by estimated size, least recently read dropped first. It lives with its picture: a price edit, a stock change
/// or a deletion makes a new picture with an empty cache, so nothing derived from the old one is ever served again.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "Dropped with its picture while requests may still read it; MemoryCache holds no timer or handle")]
public sealed class DerivedCache
{
    private readonly MemoryCache? _cache;

    public DerivedCache(long limitBytes)
    {
        LimitBytes = Math.Max(0, limitBytes);
        if (LimitBytes > 0)
            _cache = new MemoryCache(Options.Create(new MemoryCacheOptions { SizeLimit = LimitBytes, CompactionPercentage = 0.10, TrackStatistics = true }));
    }

    public DerivedCache(IOptions<SearchOptions> options) : this(options.Value.DerivedCacheBytes) { }

    public long LimitBytes { get; }

    /// <summary>Entries held now.</summary>
    public int Count => _cache?.Count ?? 0;

    /// <summary>How many reads were answered from this cache.</summary>
    public long Hits => _cache?.GetCurrentStatistics()?.TotalHits ?? 0;

    /// <summary>
    /// The value kept under <paramref name="key"/>, or <paramref name="build"/>'s (kept when it fits). Two requests may
    /// build the same value at once; both answers are equal, and one of them is kept.
    /// </summary>
    public TValue GetOrAdd<TState, TValue>(object key, TState state, Func<TState, TValue> build, Func<TValue, long> bytes) where TValue : class
    {
        if (_cache is not null && _cache.TryGetValue(key, out var value)) return (TValue)value!;
        var built = build(state);
        if (_cache is not null)
        {
            using var entry = _cache.CreateEntry(key);
            entry.Size = 200 + bytes(built);
            entry.Value = built;
        }
        return built;
    }

    /// <summary>The value kept under <paramref name="key"/>, for what is built asynchronously (then kept with <see cref="Set"/>).</summary>
    public bool TryGet<TValue>(object key, [MaybeNullWhen(false)] out TValue value) where TValue : class
    {
        value = null;
        if (_cache is null || !_cache.TryGetValue(key, out var kept)) return false;
        value = (TValue)kept!;
        return true;
    }

    /// <summary>Keeps <paramref name="value"/> under <paramref name="key"/> when it fits, counted as <paramref name="bytes"/>.</summary>
    public void Set(object key, object value, long bytes)
    {
        if (_cache is null) return;
        using var entry = _cache.CreateEntry(key);
        entry.Size = 200 + bytes;
        entry.Value = value;
    }
}
