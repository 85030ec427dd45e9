using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Catalog;

/// <summary>
/// Bumps the catalog or stock counter in the caller's transaction (so a rolled-back change bumps nothing)
/// and tells this instance's listeners at once; other instances see the new number on their next check.
/// </summary>
public sealed class CatalogRevisions(DorixonaDbContext db, CatalogChangeSignal signal)
{
    public async Task BumpCatalogAsync(CancellationToken ct = default)
    {
        await db.CatalogRevisions.Where(r => r.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(r => r.Catalog, r => r.Catalog + 1), ct);
        signal.CatalogChanged();
    }

    public async Task BumpStockAsync(CancellationToken ct = default)
    {
        await db.CatalogRevisions.Where(r => r.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(r => r.Stock, r => r.Stock + 1), ct);
        signal.StockChanged();
    }
}

/// <summary>
/// Notice that the catalog or stock changed; the search index marks itself stale. A change made here is also broadcast to
/// the other instances (when there are any), whose receivers call <see cref="Received"/>.
/// </summary>
public sealed class CatalogChangeSignal(ICacheBroadcast? broadcast = null)
{
    private readonly ICacheBroadcast _broadcast = broadcast ?? LocalOnly.Instance;
    private long _catalog;
    private long _stock;

    public long Catalog => Interlocked.Read(ref _catalog);
    public long Stock => Interlocked.Read(ref _stock);

    public void CatalogChanged()
    {
        Interlocked.Increment(ref _catalog);
        _broadcast.Stale(CachedKind.Catalog);
    }

    public void StockChanged()
    {
        Interlocked.Increment(ref _stock);
        _broadcast.Stale(CachedKind.Stock);
    }

    /// <summary>Another instance changed it: note it here without telling anybody again.</summary>
    public void Received(CachedKind kind)
    {
        if (kind == CachedKind.Catalog) Interlocked.Increment(ref _catalog);
        else if (kind == CachedKind.Stock) Interlocked.Increment(ref _stock);
    }
}
