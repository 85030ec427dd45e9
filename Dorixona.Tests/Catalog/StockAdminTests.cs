using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Common;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Catalog;

/// <summary>Hand corrections of stock: always a ledger row with the reason, never below zero, also when many come at once.</summary>
public abstract class StockAdminTests(DatabaseFixture database) : CatalogAdminTest(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : StockAdminTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : StockAdminTests(database), IClassFixture<PostgresDatabase>;

    [Fact]
    public async Task An_adjustment_writes_one_ledger_row_with_reason_and_actor_and_stock_equals_the_ledger_sum()
    {
        var (product, branch) = await StockedAsync(0);
        var admin = await TestUsers.CreateVerifiedAsync(Services, Clock, "Aziza Admin");

        var first = await AdjustAsync(product, branch, 12, "delivery 21.11", admin.Id);
        var second = await AdjustAsync(product, branch, -5, "  stocktake  ", admin.Id);

        Assert.Equal(12, first.Value);
        Assert.Equal(7, second.Value);
        var ledger = await LedgerAsync(product, branch);
        Assert.Equal(2, ledger.Count);
        Assert.Equal((-5, 7, StockReasons.Adjustment, "stocktake", admin.Id), (ledger[1].Delta, ledger[1].Balance, ledger[1].Reason, ledger[1].Note, ledger[1].ActorId));
        Assert.Equal(ledger.Sum(e => e.Delta), await QuantityAsync(product, branch));
        var history = await Catalog.UseAsync((StockAdmin s) => s.LedgerAsync(product));
        Assert.Equal("Aziza Admin", history[0].Actor);
    }

    [Fact]
    public async Task Taking_more_than_the_branch_holds_is_refused_and_changes_nothing()
    {
        var (product, branch) = await StockedAsync(4);

        var result = await AdjustAsync(product, branch, -5, "broken");

        AssertError(result, "delta", "stock.insufficient");
        Assert.Equal(4, await QuantityAsync(product, branch));
        Assert.Single(await LedgerAsync(product, branch));
    }

    [Theory]
    [InlineData(0, "reason", "delta", "stock.zeroDelta")]
    [InlineData(3, "   ", "reason", "value.required")]
    [InlineData(2_000_000, "typo", "delta", "value.range")]
    public async Task A_zero_change_a_missing_reason_or_a_huge_change_is_refused(int delta, string reason, string field, string code)
    {
        var (product, branch) = await StockedAsync(0);

        var result = await AdjustAsync(product, branch, delta, reason);

        AssertError(result, field, code);
        Assert.Empty(await LedgerAsync(product, branch));
    }

    [Fact]
    public async Task Twenty_concurrent_single_unit_withdrawals_from_ten_leave_exactly_zero()
    {
        var (product, branch) = await StockedAsync(10);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => AdjustAsync(product, branch, -1, $"sold at the till #{i}"))));

        Assert.Equal(10, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => AssertError(r, "delta", "stock.insufficient"));
        Assert.Equal(0, await QuantityAsync(product, branch));
        var ledger = await LedgerAsync(product, branch);
        Assert.Equal(11, ledger.Count);
        Assert.Equal(0, ledger.Sum(e => e.Delta));
        Assert.Equal(Enumerable.Range(0, 10).Reverse(), ledger.Skip(1).Select(e => e.Balance).Order().Reverse());
    }

    private async Task<(int Product, int Branch)> StockedAsync(int quantity)
    {
        var product = await Catalog.ProductAsync();
        var branch = await Catalog.BranchAsync();
        if (quantity > 0) Assert.True((await AdjustAsync(product, branch, quantity, "opening count")).Succeeded);
        return (product, branch);
    }

    private Task<Result<int>> AdjustAsync(int product, int branch, int delta, string reason, Guid? actor = null) =>
        Catalog.UseAsync((StockAdmin s) => s.AdjustAsync(new StockAdjustment(product, branch, delta, reason), actor));

    private Task<int> QuantityAsync(int product, int branch) =>
        Catalog.QueryAsync(db => db.BranchStock.Where(s => s.ProductId == product && s.BranchId == branch).Select(s => s.Quantity).SingleAsync());

    private Task<List<StockLedgerEntry>> LedgerAsync(int product, int branch) =>
        Catalog.QueryAsync(db => db.StockLedger.AsNoTracking().Where(e => e.ProductId == product && e.BranchId == branch).OrderBy(e => e.Id).ToListAsync());
}
