using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Catalog.Admin;

public sealed record StockAdjustment(int ProductId, int BranchId, int Delta, string? Reason);

public sealed record BranchStockRow(int BranchId, string Code, string Name, bool IsActive, int Quantity);

public sealed record LedgerRow(long Id, DateTime At, string BranchCode, int Delta, int Balance, string Reason, string? Note, string? Actor);

/// <summary>Stock counted or corrected by hand: always with the person's reason, always through <see cref="StockService"/>.</summary>
public sealed class StockAdmin(DorixonaDbContext db, StockService stock)
{
    public const int MaxDelta = 1_000_000;

    /// <summary>The new balance, or a field error (<c>stock.insufficient</c> when it would go below zero) and no change.</summary>
    public async Task<Result<int>> AdjustAsync(StockAdjustment adjustment, Guid? actorId, CancellationToken ct = default)
    {
        var checks = new Checks();
        var reason = checks.Text("reason", adjustment.Reason, 500);
        if (adjustment.Delta == 0) checks.Add("delta", "stock.zeroDelta");
        else checks.Range("delta", adjustment.Delta, -MaxDelta, MaxDelta);
        if (checks.Failed) return checks.Fail<int>();
        return await stock.ApplyAsync(new StockChange(adjustment.ProductId, adjustment.BranchId, adjustment.Delta, StockReasons.Adjustment, reason, actorId), ct);
    }

    /// <summary>Every branch, active or not, with what it holds of the product (0 when it never had any).</summary>
    public async Task<IReadOnlyList<BranchStockRow>> ForProductAsync(int productId, CancellationToken ct = default) =>
        await db.Branches.AsNoTracking().OrderBy(b => b.Code)
            .Select(b => new BranchStockRow(b.Id, b.Code, b.Name, b.IsActive,
                db.BranchStock.Where(s => s.BranchId == b.Id && s.ProductId == productId).Select(s => (int?)s.Quantity).FirstOrDefault() ?? 0))
            .ToListAsync(ct);

    /// <summary>The product's latest stock changes, newest first.</summary>
    public async Task<IReadOnlyList<LedgerRow>> LedgerAsync(int productId, int take = 20, CancellationToken ct = default) =>
        await (from e in db.StockLedger.AsNoTracking()
               join b in db.Branches on e.BranchId equals b.Id
               join u in db.Users on e.ActorId equals (Guid?)u.Id into actors
               from u in actors.DefaultIfEmpty()
               where e.ProductId == productId
               orderby e.Id descending
               select new LedgerRow(e.Id, e.At, b.Code, e.Delta, e.Balance, e.Reason, e.Note, u == null ? null : u.FullName))
            .Take(take).ToListAsync(ct);
}
