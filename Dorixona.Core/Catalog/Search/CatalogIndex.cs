using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Catalog.Search;

/// <summary>
/// The catalog in memory, for search, filters, listings and the home page: nothing on those pages
/// queries the database per request. It is rebuilt when this instance changed the catalog (at once)
/// or the revision row says another instance did (checked at most once a second); stock levels are
/// refreshed the same way, without a rebuild.
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
    private long _lastRevisionCheck;
    private long _stockLoadedAt;
    private DateTime _stockPolledAt;
    // The stock rows this index has read lately with their time stamps (only touched under the gate).
    private readonly Dictionary<(int BranchId, int ProductId), (DateTime UpdatedAt, int Quantity)> _rowsSeen = [];

    /// <summary>The current catalog and stock, refreshed first if this instance knows they changed.</summary>
    public async Task<CatalogView> GetAsync(CancellationToken ct = default)
    {
        var current = _current;
        var localChange = current is null || Interlocked.Read(ref _seenCatalogSignal) != signal.Catalog || Interlocked.Read(ref _seenStockSignal) != signal.Stock;
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

    // Each refresh is one operation with its own context: the index lives as long as the app and keeps no context.
    private Task RefreshAsync(bool force, CancellationToken ct) => operation.RunAsync(db => RefreshAsync(db, force, ct));

    private async Task RefreshAsync(DorixonaDbContext db, bool force, CancellationToken ct)
    {
        var catalogSignal = signal.Catalog;
        var stockSignal = signal.Stock;
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
            // A new picture reads every product's stock, so the changes noted so far are in it.
            signal.TakeStockChanges();
            var started = clock.GetTimestamp();
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
            var changed = signal.TakeStockChanges();
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
    }

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
