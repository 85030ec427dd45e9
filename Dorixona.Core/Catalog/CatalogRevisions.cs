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

/// <summary>In-process notice that the catalog or stock changed; the search index marks itself stale.</summary>
public sealed class CatalogChangeSignal
{
    private long _catalog;
    private long _stock;

    public long Catalog => Interlocked.Read(ref _catalog);
    public long Stock => Interlocked.Read(ref _stock);

    public void CatalogChanged() => Interlocked.Increment(ref _catalog);
    public void StockChanged() => Interlocked.Increment(ref _stock);
}
