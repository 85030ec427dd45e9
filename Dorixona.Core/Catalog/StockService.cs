using Dorixona.Core.Audit;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Catalog;

public sealed record StockChange(int ProductId, int BranchId, int Delta, string Reason, string? Note = null, Guid? ActorId = null, long? OrderId = null);

/// <summary>A product's stock at a branch changed: the admins' product pages re-read its stock and ledger.</summary>
public sealed record StockChanged(int ProductId, int BranchId, int Balance) : IDomainEvent
{
    public const string EventName = "stock";

    public IEnumerable<LiveMessage> Live() => [new(LiveGroups.Admins, EventName, new { productId = ProductId, branchId = BranchId, balance = Balance })];
}

/// <summary>
/// The only way stock changes. Each change is one conditional UPDATE (never below zero, also under
/// concurrent writers) plus its ledger row, inside the caller's transaction when there is one.
/// </summary>
public sealed class StockService(DorixonaDbContext db, IAuditLog audit, TimeProvider clock)
{
    /// <summary>Applies one change and returns the new balance, or fails with <c>stock.insufficient</c> and changes nothing.</summary>
    public async Task<Result<int>> ApplyAsync(StockChange change, CancellationToken ct = default)
    {
        if (change.Delta == 0) return Result<int>.Fail("delta", "stock.zeroDelta");
        if (!await db.Products.AnyAsync(p => p.Id == change.ProductId, ct)) return Result<int>.Fail("productId", "product.notFound");
        if (!await db.Branches.AnyAsync(b => b.Id == change.BranchId, ct)) return Result<int>.Fail("branchId", "branch.notFound");

        var owned = db.Database.CurrentTransaction is null;
        await using var tx = owned ? await db.Database.BeginTransactionAsync(ct) : null;
        var result = await ApplyCoreAsync(change, Now(), ct);
        if (!result.Succeeded) return result;
        await db.SaveChangesAsync(ct);
        if (tx is not null) await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// Takes every line of an order from one branch inside the caller's transaction, in product order (so
    /// two checkouts never wait on each other's rows in opposite order). Returns the products that could
    /// not be taken; when any could not, the caller rolls back and nothing is taken. Each row stays locked until
    /// the caller commits, so the caller takes stock last, right before its commit.
    /// </summary>
    public async Task<IReadOnlyList<int>> TakeForOrderAsync(int branchId, IReadOnlyList<(int ProductId, int Quantity)> lines, long orderId, Guid? actorId, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("Taking stock for an order needs the order's transaction.");
        var now = Now();
        var failed = new List<int>();
        var npgsql = db.Database.IsNpgsql();
        foreach (var (productId, quantity) in lines.OrderBy(l => l.ProductId))
        {
            var change = new StockChange(productId, branchId, -quantity, StockReasons.OrderPlaced, null, actorId, orderId);
            if (npgsql)
            {
                // One round trip per line while the row is locked: the UPDATE and its ledger row in one statement.
                if (await TakeWithLedgerAsync(change, now, ct) is { } balance) db.Raise(new StockChanged(productId, branchId, balance));
                else failed.Add(productId);
            }
            else if (!(await ApplyCoreAsync(change, now, ct)).Succeeded)
            {
                failed.Add(productId);
            }
        }
        if (failed.Count == 0 && !npgsql) await db.SaveChangesAsync(ct);
        return failed;
    }

    /// <summary>Puts an order's lines back on the branch's shelf, inside the caller's transaction.</summary>
    public async Task ReturnForOrderAsync(int branchId, IReadOnlyList<(int ProductId, int Quantity)> lines, long orderId, Guid? actorId, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("Returning stock for an order needs the order's transaction.");
        var now = Now();
        foreach (var (productId, quantity) in lines.OrderBy(l => l.ProductId))
            await ApplyCoreAsync(new StockChange(productId, branchId, quantity, StockReasons.OrderReturned, null, actorId, orderId), now, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Changes the row and stages its ledger entry (the caller saves): one statement that also answers the new balance.</summary>
    private async Task<Result<int>> ApplyCoreAsync(StockChange change, DateTime now, CancellationToken ct)
    {
        var balance = await UpdateAsync(change, now, ct);
        if (balance is null)
        {
            if (change.Delta < 0 || await db.BranchStock.AnyAsync(s => s.BranchId == change.BranchId && s.ProductId == change.ProductId, ct))
                return Result<int>.Fail("delta", "stock.insufficient");
            // First stock of this product at this branch: the primary key makes a racing insert fail, not double.
            db.BranchStock.Add(new BranchStock { BranchId = change.BranchId, ProductId = change.ProductId, Quantity = change.Delta, UpdatedAt = now });
            await db.SaveChangesAsync(ct);
            balance = change.Delta;
        }
        db.StockLedger.Add(new StockLedgerEntry
        {
            BranchId = change.BranchId, ProductId = change.ProductId, Delta = change.Delta, Balance = balance.Value,
            Reason = change.Reason, Note = change.Note, ActorId = change.ActorId, OrderId = change.OrderId, At = now,
        });
        if (change.Reason == StockReasons.Adjustment) await audit.StockAdjustedAsync(change, balance.Value, ct);
        db.Raise(new StockChanged(change.ProductId, change.BranchId, balance.Value));
        return Result<int>.Ok(balance.Value);
    }

    /// <summary>The conditional UPDATE (never below zero, also under concurrent writers) returning the balance it left, or null when it changed nothing.</summary>
    private async Task<int?> UpdateAsync(StockChange c, DateTime now, CancellationToken ct)
    {
        var query = db.Database.IsSqlServer()
            ? db.Database.SqlQuery<int>($"""
                UPDATE [BranchStock] SET [Quantity] = [Quantity] + {c.Delta}, [UpdatedAt] = {now}
                OUTPUT INSERTED.[Quantity] AS [Value]
                WHERE [BranchId] = {c.BranchId} AND [ProductId] = {c.ProductId} AND [Quantity] + {c.Delta} >= 0
                """)
            : db.Database.SqlQuery<int>($"""
                UPDATE "BranchStock" SET "Quantity" = "Quantity" + {c.Delta}, "UpdatedAt" = {now}
                WHERE "BranchId" = {c.BranchId} AND "ProductId" = {c.ProductId} AND "Quantity" + {c.Delta} >= 0
                RETURNING "Quantity" AS "Value"
                """);
        var rows = await query.ToListAsync(ct);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>
    /// PostgreSQL only: the conditional UPDATE and the ledger row it earns in one statement (a data-modifying CTE), answering
    /// the balance it left, or null when the stock was short and nothing changed.
    /// </summary>
    private async Task<int?> TakeWithLedgerAsync(StockChange c, DateTime now, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<int>($"""
            WITH taken AS (
                UPDATE "BranchStock" SET "Quantity" = "Quantity" + {c.Delta}, "UpdatedAt" = {now}
                WHERE "BranchId" = {c.BranchId} AND "ProductId" = {c.ProductId} AND "Quantity" + {c.Delta} >= 0
                RETURNING "Quantity")
            INSERT INTO "StockLedger" ("BranchId", "ProductId", "Delta", "Balance", "Reason", "Note", "OrderId", "ActorId", "At")
            SELECT {c.BranchId}::integer, {c.ProductId}::integer, {c.Delta}::integer, taken."Quantity", {c.Reason}::text, {c.Note}::text,
                {c.OrderId}::bigint, {c.ActorId}::uuid, {now}::timestamptz
            FROM taken
            RETURNING "Balance" AS "Value"
            """).ToListAsync(ct);
        return rows.Count == 0 ? null : rows[0];
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
