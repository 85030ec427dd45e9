using System.Collections.Concurrent;
using System.Globalization;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Catalog;

/// <summary>
/// Bumps the catalog counter in the caller's transaction (so a rolled-back change bumps nothing) and tells this instance's
/// listeners at once; other instances see the new number on their next check. Stock has no counter: a checkout must not
/// queue on one shared row, so each stock change is announced after it commits, by product (<see cref="CatalogChangeSignal.StockChanged(IEnumerable{int})"/>).
/// </summary>
public sealed class CatalogRevisions(DorixonaDbContext db, CatalogChangeSignal signal)
{
    /// <summary>
    /// Something besides products changed (a category, a substance's name, a manufacturer, a complaint) or nobody knows
    /// which products did: every instance rebuilds its index.
    /// </summary>
    public async Task BumpCatalogAsync(CancellationToken ct = default)
    {
        await db.CatalogRevisions.Where(r => r.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(r => r.Catalog, r => r.Catalog + 1), ct);
        signal.CatalogChanged();
    }

    /// <summary>
    /// Only these products changed (their rows, substances, images or leaflets), in the caller's transaction: their time stamp
    /// moves, which is how an instance that hears no notice finds them (<see cref="Search.CatalogIndex"/> polls it). No counter
    /// moves, so an edit queues on no shared row. After the commit the caller announces them with
    /// <see cref="CatalogChangeSignal.ProductsChanged"/>.
    /// </summary>
    public async Task StampProductsAsync(IReadOnlyCollection<int> productIds, DateTime now, CancellationToken ct = default)
    {
        foreach (var chunk in productIds.Distinct().Chunk(1000))
            await db.Products.IgnoreQueryFilters().Where(p => chunk.Contains(p.Id)).ExecuteUpdateAsync(s => s.SetProperty(p => p.UpdatedAt, now), ct);
    }

    /// <summary>Stock was written around <see cref="StockService"/> (seeding, a bulk fix): every product's stock is re-read.</summary>
    public void StockRewritten() => signal.StockChanged();
}

/// <summary>
/// Notice that the catalog or stock changed; the search index marks itself stale. Stock changes name their products, so
/// the index re-reads only those. A change made here is also broadcast to the other instances (when there are any), whose
/// receivers call <see cref="Received"/>.
/// </summary>
public sealed class CatalogChangeSignal(ICacheBroadcast? broadcast = null)
{
    /// <summary>Past this many products one notice says "all stock", which is cheaper to send and to apply than the list.</summary>
    public const int MaxNamedProducts = 500;

    /// <summary>
    /// Past this many products a catalog notice says "rebuild": applying a product costs a few microseconds, a rebuild
    /// seconds, so the list is worth sending for a whole import (~7 bytes an id).
    /// </summary>
    public const int MaxNamedCatalogProducts = 20_000;

    private readonly ICacheBroadcast _broadcast = broadcast ?? LocalOnly.Instance;
    private readonly ConcurrentDictionary<int, byte> _stockDirty = new();
    private readonly ConcurrentDictionary<int, byte> _productsDirty = new();
    private long _catalog;
    private long _products;
    private long _stock;
    private int _allStockDirty;

    public long Catalog => Interlocked.Read(ref _catalog);
    public long Stock => Interlocked.Read(ref _stock);

    /// <summary>Moves with every product-level catalog change noted here (<see cref="ProductsChanged"/>).</summary>
    public long Products => Interlocked.Read(ref _products);

    public void CatalogChanged()
    {
        Interlocked.Increment(ref _catalog);
        _broadcast.Stale(CachedKind.Catalog);
    }

    /// <summary>These products changed here (their change committed): the index updates only them.</summary>
    public void ProductsChanged(IEnumerable<int> productIds)
    {
        var ids = productIds.Distinct().ToList();
        if (ids.Count == 0) return;
        if (ids.Count > MaxNamedCatalogProducts)
        {
            CatalogChanged();
            return;
        }
        NoteProducts(ids);
        _broadcast.Stale(CachedKind.Catalog, string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture))));
    }

    /// <summary>These products' stock changed here (their change committed).</summary>
    public void StockChanged(IEnumerable<int> productIds)
    {
        var ids = productIds.Distinct().ToList();
        if (ids.Count == 0) return;
        if (ids.Count > MaxNamedProducts)
        {
            StockChanged();
            return;
        }
        Note(ids);
        _broadcast.Stale(CachedKind.Stock, string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture))));
    }

    /// <summary>Any product's stock may have changed here.</summary>
    public void StockChanged()
    {
        NoteAll();
        _broadcast.Stale(CachedKind.Stock);
    }

    /// <summary>Another instance changed it: note it here without telling anybody again. A stock notice's key lists its products.</summary>
    public void Received(CachedKind kind, string? key = null)
    {
        if (kind == CachedKind.Catalog)
        {
            if (ParseIds(key) is { } products) NoteProducts(products);
            else Interlocked.Increment(ref _catalog);
        }
        else if (kind != CachedKind.Stock) return;
        else if (ParseIds(key) is { } ids) Note(ids);
        else NoteAll();
    }

    /// <summary>The products whose stock changed since the last call, or null when all may have.</summary>
    internal IReadOnlyCollection<int>? TakeStockChanges()
    {
        var all = Interlocked.Exchange(ref _allStockDirty, 0) == 1;
        var ids = new List<int>(_stockDirty.Count);
        foreach (var id in _stockDirty.Keys)
            if (_stockDirty.TryRemove(id, out _)) ids.Add(id);
        return all ? null : ids;
    }

    /// <summary>The products whose catalog rows changed since the last call.</summary>
    internal IReadOnlyCollection<int> TakeProductChanges()
    {
        var ids = new List<int>(_productsDirty.Count);
        foreach (var id in _productsDirty.Keys)
            if (_productsDirty.TryRemove(id, out _)) ids.Add(id);
        return ids;
    }

    private void NoteProducts(IEnumerable<int> ids)
    {
        foreach (var id in ids) _productsDirty.TryAdd(id, 0);
        Interlocked.Increment(ref _products);
    }

    private void Note(IEnumerable<int> ids)
    {
        foreach (var id in ids) _stockDirty.TryAdd(id, 0);
        Interlocked.Increment(ref _stock);
    }

    private void NoteAll()
    {
        Interlocked.Exchange(ref _allStockDirty, 1);
        Interlocked.Increment(ref _stock);
    }

    private static List<int>? ParseIds(string? key)
    {
        if (string.IsNullOrEmpty(key)) return null;
        var ids = new List<int>();
        foreach (var part in key.Split(','))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return null;
            ids.Add(id);
        }
        return ids;
    }
}
