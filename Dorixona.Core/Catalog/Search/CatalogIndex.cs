using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Catalog.Search;

/// <summary>
/// The catalog in memory, for search, filters, listings and the home page: nothing on those pages
/// queries the database per request. It is rebuilt when this instance changed the catalog's structure (at once)
/// or the revision row says another instance did (checked at most once a second). Changed products (named by a notice
/// from here or another instance, or found by the once-a-second poll of their time stamps) are re-read alone and patched
/// into a new picture; stock levels are refreshed the same way, without a rebuild.
/// </summary>
public sealed class CatalogIndex(
    Operation<DorixonaDbContext> operation, CatalogChangeSignal signal, TimeProvider clock, IOptions<SearchOptions> options, ILogger<CatalogIndex> logger) : IDisposable
{
    private static readonly TimeSpan RevisionCheckInterval = TimeSpan.FromSeconds(1);
    /// <summary>How far back each poll of changed stock rows reaches: a change is stamped before its transaction commits.</summary>
    private static readonly TimeSpan PollLookback = TimeSpan.FromSeconds(5);
    /// <summary>How often every product's stock is re-read anyway, for a change whose transaction ran longer than the lookback and whose notice was lost.</summary>
    private static readonly TimeSpan FullStockInterval = TimeSpan.FromMinutes(5);

    /// <summary>From this many products a full build's scratch runs to hundreds of megabytes, worth handing back at once.</summary>
    private const int ReturnMemoryFromProducts = 20_000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile StockLevels? _current;
    private long _seenCatalogSignal = -1;
    private long _seenStockSignal = -1;
    private long _seenProductSignal = -1;
    private DateTime _productsPolledAt;
    // The products this index has read lately with their time stamps (only touched under the gate).
    private readonly Dictionary<int, DateTime> _productsSeen = [];
    private long _lastRevisionCheck;
    private long _stockLoadedAt;
    private DateTime _stockPolledAt;
    // The stock rows this index has read lately with their time stamps (only touched under the gate).
    private readonly Dictionary<(int BranchId, int ProductId), (DateTime UpdatedAt, int Quantity)> _rowsSeen = [];

    /// <summary>The current catalog and stock, refreshed first if this instance knows they changed.</summary>
    public async Task<CatalogView> GetAsync(CancellationToken ct = default)
    {
        var current = _current;
        var localChange = current is null || Interlocked.Read(ref _seenCatalogSignal) != signal.Catalog || Interlocked.Read(ref _seenStockSignal) != signal.Stock
            || Interlocked.Read(ref _seenProductSignal) != signal.Products;
        var checkDue = clock.GetTimestamp() - Interlocked.Read(ref _lastRevisionCheck) > RevisionCheckInterval.TotalSeconds * clock.TimestampFrequency;
        if (localChange)
        {
            await _gate.WaitAsync(ct);
            try
            {
                await RefreshAsync(force: false, ct);
            }
            finally
            {
                _gate.Release();
            }
        }
        else if (checkDue && await _gate.WaitAsync(0, ct))
        {
            // Whoever is first checks the revision row; everyone else keeps serving the snapshot they have.
            try
            {
                await RefreshAsync(force: false, ct);
            }
            finally
            {
                _gate.Release();
            }
        }
        return new CatalogView(_current!);
    }

    /// <summary>Rebuild now, e.g. right after an import committed, so the importer sees its products at once.</summary>
    public async Task RebuildAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await RefreshAsync(force: true, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Takes in now what this instance was told changed (e.g. the products an edit or an import just committed).</summary>
    public async Task ApplyChangesAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await RefreshAsync(force: false, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    // Each refresh is one operation with its own context: the index lives as long as the app and keeps no context.
    private Task RefreshAsync(bool force, CancellationToken ct) => operation.RunAsync(db => RefreshAsync(db, force, ct));

    private async Task RefreshAsync(DorixonaDbContext db, bool force, CancellationToken ct)
    {
        var catalogSignal = signal.Catalog;
        var stockSignal = signal.Stock;
        var productSignal = signal.Products;
        var current = _current;
        var checkDue = clock.GetTimestamp() - Interlocked.Read(ref _lastRevisionCheck) > RevisionCheckInterval.TotalSeconds * clock.TimestampFrequency;
        var now = clock.GetUtcNow().UtcDateTime;

        long? catalogRevision = null;
        if (force || current is null || checkDue || catalogSignal != Interlocked.Read(ref _seenCatalogSignal))
        {
            catalogRevision = await db.CatalogRevisions.AsNoTracking().Where(r => r.Id == 1).Select(r => r.Catalog).SingleAsync(ct);
            Interlocked.Exchange(ref _lastRevisionCheck, clock.GetTimestamp());
        }

        if (force || current is null || (catalogRevision is { } rev && current.Snapshot.Revision != rev) || catalogSignal != Interlocked.Read(ref _seenCatalogSignal))
        {
            // A new picture reads every product and its stock, so the changes noted so far are in it.
            signal.TakeStockChanges();
            signal.TakeProductChanges();
            var started = clock.GetTimestamp();
            await NoteRecentProductsAsync(db, now, ct);
            var snapshot = await CatalogSnapshotBuilder.BuildAsync(db, catalogRevision!.Value, ct);
            await NoteRecentRowsAsync(db, now, ct);
            _current = new StockLevels(snapshot, await LoadStockAsync(db, snapshot, ct), (current?.Revision ?? 0) + 1) { Results = new ResultCache(options), Derived = new DerivedCache(options), Leaflets = new DerivedCache(options.Value.LeafletCacheBytes) };
            _stockPolledAt = now;
            _stockLoadedAt = clock.GetTimestamp();
            logger.LogInformation("Catalog index built: {Products} products, {Words} words in {ElapsedMs} ms",
                snapshot.ProductCount, snapshot.Words.Length, (int)clock.GetElapsedTime(started).TotalMilliseconds);
            // The build's scratch (and the previous picture) is garbage now, and the runtime keeps the memory it grew to
            // unless told: at 1 000 000 products that is a gigabyte more than the picture holds. A full picture is rare
            // (start-up, category or substance edits), so one compacting collection that hands the memory back is cheap;
            // it runs after the request that waited for the build has its answer. A small catalog's scratch is not worth a pause.
            if (snapshot.ProductCount >= ReturnMemoryFromProducts) _ = Task.Run(ReturnMemory, CancellationToken.None);
        }
        else
        {
            var products = await ChangedProductsAsync(db, checkDue, now, ct);
            var changed = signal.TakeStockChanges();
            if (products.Count > 0)
            {
                try
                {
                    current = await UpdateProductsAsync(db, current, products, ct);
                }
                catch
                {
                    signal.Received(CachedKind.Catalog, string.Join(',', products));
                    if (changed is null) signal.Received(CachedKind.Stock);
                    else signal.Received(CachedKind.Stock, string.Join(',', changed));
                    throw;
                }
                // Their stock is read again with them: a new product has some, a moved one sits elsewhere now.
                if (changed is not null) changed = [.. changed.Concat(products)];
            }
            try
            {
                await RefreshStockAsync(db, current, changed, checkDue, now, ct);
            }
            catch
            {
                // Not applied: note them again, so the next request tries.
                if (changed is null) signal.Received(CachedKind.Stock);
                else signal.Received(CachedKind.Stock, string.Join(',', changed));
                throw;
            }
        }
        Interlocked.Exchange(ref _seenCatalogSignal, catalogSignal);
        Interlocked.Exchange(ref _seenStockSignal, stockSignal);
        Interlocked.Exchange(ref _seenProductSignal, productSignal);
    }

    /// <summary>
    /// The products named as changed (here, or by another instance through the broadcast) and, once a second, those whose
    /// time stamp moved lately, which catches a writer nobody heard from; products already read with the same stamp are skipped.
    /// </summary>
    private async Task<HashSet<int>> ChangedProductsAsync(DorixonaDbContext db, bool checkDue, DateTime now, CancellationToken ct)
    {
        var ids = new HashSet<int>(signal.TakeProductChanges());
        if (!checkDue) return ids;
        var since = _productsPolledAt - PollLookback;
        var recent = await db.Products.IgnoreQueryFilters().AsNoTracking().Where(p => p.UpdatedAt > since)
            .Select(p => new { p.Id, p.UpdatedAt }).ToListAsync(ct);
        foreach (var row in recent)
        {
            if (_productsSeen.TryGetValue(row.Id, out var seen) && seen == row.UpdatedAt) continue;
            ids.Add(row.Id);
            _productsSeen[row.Id] = row.UpdatedAt;
        }
        foreach (var key in _productsSeen.Where(r => r.Value <= since).Select(r => r.Key).ToList()) _productsSeen.Remove(key);
        _productsPolledAt = now;
        return ids;
    }

    /// <summary>Before reading every product: the products changed lately are in what is read next, so the polls that follow skip them.</summary>
    private async Task NoteRecentProductsAsync(DorixonaDbContext db, DateTime now, CancellationToken ct)
    {
        var since = now - PollLookback;
        var recent = await db.Products.IgnoreQueryFilters().AsNoTracking().Where(p => p.UpdatedAt > since)
            .Select(p => new { p.Id, p.UpdatedAt }).ToListAsync(ct);
        _productsSeen.Clear();
        foreach (var row in recent) _productsSeen[row.Id] = row.UpdatedAt;
        _productsPolledAt = now;
    }

    /// <summary>
    /// A new picture with these products re-read and patched in (no rebuild). Its caches start empty: a search, a card or
    /// a product page derived from the old picture may show a changed product. Stock is carried over by product.
    /// </summary>
    private async Task<StockLevels> UpdateProductsAsync(DorixonaDbContext db, StockLevels current, HashSet<int> products, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var old = current.Snapshot;
        // The stamps read with the rows: the poll that finds these products next skips them.
        var snapshot = await CatalogSnapshotBuilder.UpdateAsync(db, old, products, _productsSeen, ct);
        if (snapshot is null)
        {
            // A product names a substance or manufacturer made since the picture: rebuild as a structural change would.
            snapshot = await CatalogSnapshotBuilder.BuildAsync(db, old.Revision, ct);
            var all = await LoadStockAsync(db, snapshot, ct);
            return _current = Fresh(snapshot, all, current);
        }
        if (ReferenceEquals(snapshot, old))
        {
            // Nothing search shows moved (a description, a leaflet, an image's alt text…), so the picture stays, but a product
            // page of these products read before the write must not be served again: drop their page data and start new caches.
            foreach (var (key, detail) in old.Details)
                if (products.Contains(detail.Id)) old.Details.TryRemove(key, out _);
            return _current = Fresh(old, current.Units, current);
        }
        var units = new int[snapshot.Docs.Length];
        for (var i = 0; i < old.Docs.Length; i++)
            if (snapshot.DocById.TryGetValue(old.Docs[i].Id, out var to)) units[to] = current.Units[i];
        var next = _current = Fresh(snapshot, units, current);
        logger.LogInformation("Catalog index updated: {Changed} products, {Products} in all, in {ElapsedMs} ms",
            products.Count, snapshot.ProductCount, (int)clock.GetElapsedTime(started).TotalMilliseconds);
        return next;
    }

    private StockLevels Fresh(CatalogSnapshot snapshot, int[] units, StockLevels previous) =>
        new(snapshot, units, previous.Revision + 1)
        {
            Results = new ResultCache(options), Derived = new DerivedCache(options), Leaflets = new DerivedCache(options.Value.LeafletCacheBytes),
        };

    /// <summary>
    /// Re-reads the stock of the products named as changed (here, or by another instance through the broadcast). Once a
    /// second it also asks which stock rows changed lately, which catches a writer nobody heard from; rows it has already
    /// read (same product, branch, time stamp and quantity) are skipped, so the poll is one small query. Every few minutes, or when a
    /// notice says "all", it re-reads everything. A new picture (with empty caches) is made only when a total moved.
    /// </summary>
    private async Task RefreshStockAsync(DorixonaDbContext db, StockLevels current, IReadOnlyCollection<int>? changed, bool checkDue, DateTime now, CancellationToken ct)
    {
        var fullDue = clock.GetTimestamp() - Interlocked.Read(ref _stockLoadedAt) > FullStockInterval.TotalSeconds * clock.TimestampFrequency;
        if (changed is null || (checkDue && fullDue))
        {
            await NoteRecentRowsAsync(db, now, ct);
            var all = await LoadStockAsync(db, current.Snapshot, ct);
            Interlocked.Exchange(ref _stockLoadedAt, clock.GetTimestamp());
            _stockPolledAt = now;
            Publish(current, all, touched: null);
            return;
        }

        var ids = new HashSet<int>(changed);
        if (checkDue)
        {
            var since = _stockPolledAt - PollLookback;
            var recent = await db.BranchStock.AsNoTracking().Where(s => s.UpdatedAt > since)
                .Select(s => new { s.BranchId, s.ProductId, s.UpdatedAt, s.Quantity }).ToListAsync(ct);
            foreach (var row in recent)
                if (!_rowsSeen.TryGetValue((row.BranchId, row.ProductId), out var seen) || seen != (row.UpdatedAt, row.Quantity)) ids.Add(row.ProductId);
            foreach (var key in _rowsSeen.Where(r => r.Value.UpdatedAt <= since).Select(r => r.Key).ToList()) _rowsSeen.Remove(key);
            _stockPolledAt = now;
        }
        if (ids.Count == 0) return;

        var list = ids.ToList();
        var rows = await (from s in db.BranchStock.AsNoTracking()
                          join b in db.Branches.AsNoTracking() on s.BranchId equals b.Id
                          where list.Contains(s.ProductId)
                          select new { s.BranchId, s.ProductId, s.Quantity, s.UpdatedAt, b.IsActive }).ToListAsync(ct);
        var units = (int[])current.Units.Clone();
        foreach (var id in ids)
            if (current.Snapshot.DocById.TryGetValue(id, out var i)) units[i] = 0;
        foreach (var row in rows)
        {
            _rowsSeen[(row.BranchId, row.ProductId)] = (row.UpdatedAt, row.Quantity);
            if (row.IsActive && row.Quantity > 0 && current.Snapshot.DocById.TryGetValue(row.ProductId, out var i)) units[i] += row.Quantity;
        }
        Publish(current, units, ids);
    }

    /// <summary>
    /// Before reading every product's stock: the rows changed lately are in what is read next (they committed before it), so the
    /// polls that follow need not read their products again.
    /// </summary>
    private async Task NoteRecentRowsAsync(DorixonaDbContext db, DateTime now, CancellationToken ct)
    {
        var since = now - PollLookback;
        var recent = await db.BranchStock.AsNoTracking().Where(s => s.UpdatedAt > since)
            .Select(s => new { s.BranchId, s.ProductId, s.UpdatedAt, s.Quantity }).ToListAsync(ct);
        _rowsSeen.Clear();
        foreach (var row in recent) _rowsSeen[(row.BranchId, row.ProductId)] = (row.UpdatedAt, row.Quantity);
    }

    /// <summary>
    /// A new picture when any total moved (its caches start empty, as every page derived from the old one may show the old
    /// number); otherwise only the per-branch views of the products re-read go, as units may have moved between branches.
    /// </summary>
    private void Publish(StockLevels current, int[] units, HashSet<int>? touched)
    {
        if (!units.AsSpan().SequenceEqual(current.Units))
        {
            _current = current with
            {
                Units = units, Revision = current.Revision + 1, Results = new ResultCache(options), Derived = new DerivedCache(options),
                Discounted = new(), BranchStock = new(),
            };
            return;
        }
        if (touched is null) current.BranchStock.Clear();
        else foreach (var id in touched) current.BranchStock.TryRemove(id, out _);
    }

    private void ReturnMemory()
    {
        var started = clock.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        logger.LogInformation("Memory returned after the catalog build in {ElapsedMs} ms", (int)clock.GetElapsedTime(started).TotalMilliseconds);
    }

    public void Dispose() => _gate.Dispose();

    private static async Task<int[]> LoadStockAsync(DorixonaDbContext db, CatalogSnapshot snapshot, CancellationToken ct)
    {
        var totals = await (from s in db.BranchStock.AsNoTracking()
                            join b in db.Branches.AsNoTracking() on s.BranchId equals b.Id
                            where b.IsActive && s.Quantity > 0
                            group s by s.ProductId into g
                            select new { ProductId = g.Key, Units = g.Sum(x => x.Quantity) }).ToListAsync(ct);
        var units = new int[snapshot.Docs.Length];
        foreach (var t in totals)
            if (snapshot.DocById.TryGetValue(t.ProductId, out var i)) units[i] = t.Units;
        return units;
    }
}
