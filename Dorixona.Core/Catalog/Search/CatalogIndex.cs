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

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile StockLevels? _current;
    private long _seenCatalogSignal = -1;
    private long _seenStockSignal = -1;
    private long _lastRevisionCheck;

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
        var revision = await db.CatalogRevisions.AsNoTracking().SingleAsync(r => r.Id == 1, ct);
        Interlocked.Exchange(ref _lastRevisionCheck, clock.GetTimestamp());

        var current = _current;
        if (force || current is null || current.Snapshot.Revision != revision.Catalog || catalogSignal != Interlocked.Read(ref _seenCatalogSignal))
        {
            var started = clock.GetTimestamp();
            var snapshot = await CatalogSnapshotBuilder.BuildAsync(db, revision.Catalog, ct);
            _current = new StockLevels(snapshot, await LoadStockAsync(db, snapshot, ct), revision.Stock) { Results = new ResultCache(options), Derived = new DerivedCache(options), Leaflets = new DerivedCache(options.Value.LeafletCacheBytes) };
            logger.LogInformation("Catalog index built: {Products} products, {Words} words in {ElapsedMs} ms",
                snapshot.ProductCount, snapshot.Words.Length, (int)clock.GetElapsedTime(started).TotalMilliseconds);
        }
        else if (current.Revision != revision.Stock || stockSignal != Interlocked.Read(ref _seenStockSignal))
        {
            _current = current with { Units = await LoadStockAsync(db, current.Snapshot, ct), Revision = revision.Stock, Results = new ResultCache(options), Derived = new DerivedCache(options), Discounted = new(), BranchStock = new() };
        }
        Interlocked.Exchange(ref _seenCatalogSignal, catalogSignal);
        Interlocked.Exchange(ref _seenStockSignal, stockSignal);
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
