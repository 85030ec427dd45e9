using System.Text.Json;
using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Common;
using Dorixona.Core.Delivery;
using Dorixona.Core.Dashboard;
using Dorixona.Core.Data;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments;
using Dorixona.Core.Settings;
using Dorixona.Tests.Infrastructure;
using Dorixona.Tests.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Dashboard;

/// <summary>
/// Every dashboard figure equals a direct computation over the same generated data: past days served from the aggregate
/// tables, today live, across Tashkent midnights, and again after a past day's order changes.
/// </summary>
public abstract class DashboardFiguresTests(DatabaseFixture database) : OrderTestBase(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : DashboardFiguresTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : DashboardFiguresTests(database), IClassFixture<PostgresDatabase>;

    private static readonly DateOnly Today = new(2026, 11, 21); // the clock's 09:00 UTC is 14:00 in Tashkent
    private DashboardData.Seeded _data = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Each test starts with no aggregates: a test class shares its database, and earlier tests' aggregates would be stale here.
        await InScopeAsync(async (DorixonaDbContext db) =>
        {
            await db.StatsDays.ExecuteDeleteAsync();
            await db.StatsOrderStatuses.ExecuteDeleteAsync();
            await db.StatsPaymentMethods.ExecuteDeleteAsync();
            await db.StatsProducts.ExecuteDeleteAsync();
            await db.StatsCategories.ExecuteDeleteAsync();
            await db.StatsCouriers.ExecuteDeleteAsync();
            await db.StatsReviewTimes.ExecuteDeleteAsync();
            await db.StatsDirtyDays.ExecuteDeleteAsync();
            var maxPayment = await db.Payments.MaxAsync(p => (long?)p.Id) ?? 0;
            await db.StatsState.ExecuteUpdateAsync(s => s.SetProperty(x => x.PaymentWatermark, maxPayment));
        });
        _data = await DashboardData.SeedAsync(Services, Clock.UtcNow);
    }

    private Task<DashboardReport> ReportAsync(DateOnly from, DateOnly to) =>
        InScopeAsync((DashboardService s) => s.GetAsync(new DashboardRange(from, to)));

    private async Task AssertDirectAsync(DashboardReport report)
    {
        var threshold = (await InScopeAsync((IShopSettings s) => s.GetAsync())).LowStockThreshold;
        await InScopeAsync((DorixonaDbContext db) => DirectFigures.AssertMatchesAsync(db, report, threshold));
    }

    private Task<List<DateOnly>> AggregatedDaysAsync() => QueryAsync(db => db.StatsDays.OrderBy(d => d.Day).Select(d => d.Day).ToListAsync());

    [Fact]
    public async Task Every_figure_equals_a_direct_computation_for_past_days_from_aggregates_and_today_live()
    {
        foreach (var (from, to) in new[]
                 {
                     (Today.AddDays(-4), Today), // all of it
                     (Today.AddDays(-4), Today.AddDays(-4)), // the day whose last second holds an order
                     (Today.AddDays(-3), Today.AddDays(-3)), // the day whose first second holds an order
                     (Today.AddDays(-1), Today.AddDays(-1)),
                     (Today, Today),
                     (Today.AddDays(-10), Today.AddDays(-5)), // before anything happened
                 })
        {
            var report = await ReportAsync(from, to);
            Assert.Equal((from, to), (report.Range.From, report.Range.To));
            await AssertDirectAsync(report);
        }

        // Past days were written to the aggregate tables; today never is.
        var days = await AggregatedDaysAsync();
        Assert.Contains(Today.AddDays(-1), days);
        Assert.Contains(Today.AddDays(-4), days);
        Assert.DoesNotContain(Today, days);
        var all = await ReportAsync(Today.AddDays(-4), Today);
        Assert.True(all.Totals.Orders >= 60 && all.Totals.Revenue > 0 && all.Totals.Refunds > 0 && all.Couriers.Count >= 2 && all.Prescriptions.Reviewed > 0);
    }

    [Fact]
    public async Task Served_from_aggregates_the_figures_are_those_stored_not_recomputed()
    {
        var yesterday = Today.AddDays(-1);
        var before = await ReportAsync(yesterday, yesterday);
        // Tamper with the stored day: a read that recomputed from orders would not show it.
        await InScopeAsync((DorixonaDbContext db) => db.StatsDays.Where(d => d.Day == yesterday).ExecuteUpdateAsync(s => s.SetProperty(d => d.Orders, 9999)));
        // A fresh cache (new services) reads the tables again.
        await using var other = TestServices.Build(Database.Provider, Database.ConnectionString, Clock);
        await using var scope = other.CreateAsyncScope();
        var after = await scope.ServiceProvider.GetRequiredService<DashboardService>().GetAsync(new DashboardRange(yesterday, yesterday));

        Assert.Equal(9999, after.Totals.Orders);
        Assert.NotEqual(before.Totals.Orders, after.Totals.Orders);
    }

    [Fact]
    public async Task A_past_order_cancelled_today_marks_its_day_dirty_and_the_next_read_re_aggregates_it()
    {
        var yesterday = Today.AddDays(-1);
        var before = await ReportAsync(Today.AddDays(-4), Today); // aggregates built and cached
        var paidYesterday = await QueryAsync(db => db.Orders.Where(o => o.Status == OrderStatus.Paid && o.CreatedAt >= Tashkent.StartUtc(yesterday)
            && o.CreatedAt < Tashkent.StartUtc(Today)).Select(o => new { o.Id, o.Total }).FirstAsync());

        var cancelled = await InScopeAsync((OrderService s) => s.TransitionAsync(paidYesterday.Id, OrderStatus.Cancelled, OrderActor.Operator, null, "out of stock"));

        Assert.True(cancelled.Succeeded);
        Assert.Contains(yesterday, await QueryAsync(db => db.StatsDirtyDays.Select(d => d.Day).ToListAsync()));
        var after = await ReportAsync(Today.AddDays(-4), Today);
        await AssertDirectAsync(after);
        Assert.Equal(before.Totals.Revenue - paidYesterday.Total, after.Totals.Revenue);
        Assert.Equal(before.Totals.Refunds + paidYesterday.Total, after.Totals.Refunds);
        Assert.Empty(await QueryAsync(db => db.StatsDirtyDays.ToListAsync()));
    }

    [Fact]
    public async Task Cash_taken_for_a_past_order_outside_a_transition_is_found_and_its_day_re_aggregated()
    {
        var before = await ReportAsync(Today.AddDays(-4), Today.AddDays(-1));
        var order = await QueryAsync(db => db.Orders.Where(o => o.Status == OrderStatus.Confirmed && o.PaymentMethod == PaymentMethod.Cash
            && o.CreatedAt < Tashkent.StartUtc(Today)).Select(o => new { o.Id, o.Total }).FirstAsync());

        var taken = await InScopeAsync((PaymentService s) => s.RecordCashAsync(order.Id, order.Total, Guid.NewGuid(), OrderActor.Operator));

        Assert.True(taken.Succeeded);
        var after = await ReportAsync(Today.AddDays(-4), Today.AddDays(-1));
        await AssertDirectAsync(after);
        Assert.Equal(before.Totals.Revenue + order.Total, after.Totals.Revenue);
        Assert.Equal(before.PaymentMethods.Single(m => m.Method == PaymentMethod.Cash).PaidOrders + 1,
            after.PaymentMethods.Single(m => m.Method == PaymentMethod.Cash).PaidOrders);
    }

    [Fact]
    public async Task The_job_backfills_every_past_day_and_yesterday_joins_the_aggregates_after_midnight()
    {
        var written = await InScopeAsync((DailyAggregator a) => a.CatchUpAsync());

        var days = await AggregatedDaysAsync();
        Assert.Equal(written, days.Count);
        Assert.Equal(Enumerable.Range(0, 4).Select(i => Today.AddDays(-4 + i)).ToList(), days.Where(d => d >= Today.AddDays(-4)).ToList());
        Assert.Equal(0, await InScopeAsync((DailyAggregator a) => a.CatchUpAsync())); // nothing left to do

        var todayLive = await ReportAsync(Today, Today);
        Clock.Set(new DateTimeOffset(2026, 11, 21, 19, 0, 0, TimeSpan.Zero)); // Tashkent midnight: "today" is over
        Assert.Equal(1, await InScopeAsync((DailyAggregator a) => a.CatchUpAsync()));
        var stored = await ReportAsync(Today, Today);

        Assert.Contains(Today, await AggregatedDaysAsync());
        Assert.Equal(todayLive.Days, stored.Days);
        Assert.Equal(todayLive.Totals, stored.Totals);
        Assert.Equal(todayLive.TopProductsByRevenue, stored.TopProductsByRevenue);
        await AssertDirectAsync(await ReportAsync(Today.AddDays(-4), Today.AddDays(1)));
    }

    /// <summary>The kept answer (this host's live day and caches) equals one from new services that compute everything afresh, and the direct computation.</summary>
    private async Task AssertKeptEqualsFreshAsync(DateOnly from, DateOnly to, bool direct = true)
    {
        var kept = await ReportAsync(from, to);
        await using var other = TestServices.Build(Database.Provider, Database.ConnectionString, Clock);
        await using var scope = other.CreateAsyncScope();
        var fresh = await scope.ServiceProvider.GetRequiredService<DashboardService>().GetAsync(new DashboardRange(from, to));
        Assert.Equal(JsonSerializer.Serialize(fresh), JsonSerializer.Serialize(kept));
        if (direct) await AssertDirectAsync(kept);
    }

    private Task<long> TodayOrderAsync(OrderStatus status, PaymentMethod? method = null) =>
        QueryAsync(db => db.Orders.Where(o => o.Status == status && (method == null || o.PaymentMethod == method) && o.CreatedAt >= Tashkent.StartUtc(Today))
            .OrderBy(o => o.Id).Select(o => o.Id).FirstAsync());

    [Fact]
    public async Task Today_kept_in_memory_equals_a_fresh_computation_after_orders_payments_refunds_cancellations_deliveries_and_catalog_changes()
    {
        var (from, to) = (Today.AddDays(-4), Today);
        await AssertKeptEqualsFreshAsync(from, to); // the live day is read in full and kept
        var star = await NewProductAsync(price: 5_000_000, stock: 20); // dear enough to lead both top lists once sold
        await AssertKeptEqualsFreshAsync(from, to);

        // A new order today, paid online: it and its payment are found as written since the last read.
        var customer = (await CustomersAsync(1))[0];
        Assert.True((await AddToCartAsync(customer, star, 3)).Succeeded);
        var placed = await CheckoutAsync(customer, Delivery(PaymentMethod.Click));
        Assert.True(placed.Succeeded);
        await AssertKeptEqualsFreshAsync(from, to);
        var total = (await OrderAsync(placed.Value!.OrderId)).Total;
        await InScopeAsync(async (DorixonaDbContext db) =>
        {
            db.Payments.Add(new Payment
            {
                OrderId = placed.Value.OrderId, Provider = PaymentProvider.Click, Amount = total, State = PaymentState.Pending, CreatedAt = Clock.UtcNow,
                UpdatedAt = Clock.UtcNow, IdempotencyKey = Guid.NewGuid().ToString("N"),
            });
            await db.SaveChangesAsync();
        });
        await InScopeAsync(async (DorixonaDbContext db) => await db.Payments.Where(p => p.OrderId == placed.Value.OrderId)
            .ExecuteUpdateAsync(x => x.SetProperty(p => p.State, PaymentState.Succeeded).SetProperty(p => p.PerformedAt, Clock.UtcNow).SetProperty(p => p.UpdatedAt, Clock.UtcNow)));
        await InScopeAsync((DorixonaDbContext db) => db.Orders.Where(o => o.Id == placed.Value.OrderId)
            .ExecuteUpdateAsync(x => x.SetProperty(o => o.Status, OrderStatus.Paid).SetProperty(o => o.UpdatedAt, Clock.UtcNow)));
        var withStar = await ReportAsync(from, to);
        Assert.Equal(star, withStar.TopProductsByRevenue[0].ProductId);
        await AssertKeptEqualsFreshAsync(from, to);

        // Cash taken at the counter for today's confirmed order.
        var cash = await TodayOrderAsync(OrderStatus.Confirmed, PaymentMethod.Cash);
        var cashTotal = (await OrderAsync(cash)).Total;
        Assert.True((await InScopeAsync((PaymentService s) => s.RecordCashAsync(cash, cashTotal, Guid.NewGuid(), OrderActor.Operator))).Succeeded);
        await AssertKeptEqualsFreshAsync(from, to);

        // A paid order cancelled (its refund asked), an unpaid one cancelled.
        var paid = await TodayOrderAsync(OrderStatus.Paid);
        Assert.True((await InScopeAsync((OrderService s) => s.TransitionAsync(paid, OrderStatus.Cancelled, OrderActor.Operator, null, "refund"))).Succeeded);
        await AssertKeptEqualsFreshAsync(from, to);
        var unpaid = await QueryAsync(db => db.Orders.Where(o => o.CreatedAt >= Tashkent.StartUtc(Today) && o.Id != cash
                && (o.Status == OrderStatus.AwaitingPayment || o.Status == OrderStatus.AwaitingConfirmation || o.Status == OrderStatus.Confirmed)
                && !db.Payments.Any(p => p.OrderId == o.Id && p.State == PaymentState.Succeeded))
            .OrderBy(o => o.Id).Select(o => o.Id).FirstAsync());
        Assert.True((await InScopeAsync((OrderService s) => s.TransitionAsync(unpaid, OrderStatus.Cancelled, OrderActor.Operator, null, "gave up"))).Succeeded);
        await AssertKeptEqualsFreshAsync(from, to);

        // A delivery finished now.
        var undelivered = await QueryAsync(db => db.Orders.Where(o => o.CreatedAt >= Tashkent.StartUtc(Today) && !db.Deliveries.Any(d => d.OrderId == o.Id))
            .OrderBy(o => o.Id).Select(o => o.Id).FirstAsync());
        await InScopeAsync(async (DorixonaDbContext db) =>
        {
            db.Deliveries.Add(new Dorixona.Core.Delivery.Delivery
            {
                OrderId = undelivered, State = DeliveryState.Delivered, CourierId = _data.CourierB, CreatedAt = Clock.UtcNow.AddMinutes(-50),
                UpdatedAt = Clock.UtcNow, PromisedBy = Clock.UtcNow.AddMinutes(-1), PickedUpAt = Clock.UtcNow.AddMinutes(-40), DeliveredAt = Clock.UtcNow,
            });
            await db.SaveChangesAsync();
        });
        await AssertKeptEqualsFreshAsync(from, to);

        // The leading product renamed, then deleted: the names and the lines that count follow the catalog.
        // Through the admin's own edit, which stamps the product rather than bumping the catalog counter (decision 0063).
        var input = (await InScopeAsync((ProductAdmin a) => a.GetInputAsync(star)))!;
        input.Name = "Renamed star";
        // …and moved to another category: today's lines count by their product's current category.
        input.CategoryId = await InScopeAsync((DorixonaDbContext db) =>
            db.Categories.Where(c => c.IsActive && c.Id != input.CategoryId && c.ParentId != null).Select(c => c.Id).FirstAsync());
        Assert.True((await InScopeAsync((ProductAdmin a) => a.UpdateAsync(star, input))).Succeeded);
        Assert.Equal("Renamed star", (await ReportAsync(from, to)).TopProductsByRevenue[0].Name);
        await AssertKeptEqualsFreshAsync(from, to);
        Assert.True((await InScopeAsync((ProductAdmin a) => a.DeleteAsync(star))).Succeeded);
        Assert.DoesNotContain((await ReportAsync(from, to)).TopProductsByRevenue, p => p.ProductId == star);
        await AssertKeptEqualsFreshAsync(from, to, direct: false); // the direct computation names every product sold, deleted or not
        await InScopeAsync(async (IServiceProvider sp) => // restored (the class's other tests share this database)
        {
            await sp.GetRequiredService<DorixonaDbContext>().Products.IgnoreQueryFilters().Where(p => p.Id == star)
                .ExecuteUpdateAsync(x => x.SetProperty(p => p.DeletedAt, (DateTime?)null).SetProperty(p => p.IsActive, true));
            await sp.GetRequiredService<CatalogRevisions>().BumpCatalogAsync();
        });
        Assert.Equal(star, (await ReportAsync(from, to)).TopProductsByRevenue[0].ProductId);
        await AssertKeptEqualsFreshAsync(from, to);

        // Tashkent midnight: yesterday's kept day goes to the aggregates, the new day starts empty and fills again.
        Clock.Set(new DateTimeOffset(2026, 11, 21, 19, 0, 0, TimeSpan.Zero));
        var (newFrom, newTo) = (Today.AddDays(-3), Today.AddDays(1));
        await AssertKeptEqualsFreshAsync(newFrom, newTo);
        var late = (await CustomersAsync(1))[0];
        var other = await NewProductAsync(price: 7_000, stock: 5);
        await AssertKeptEqualsFreshAsync(newFrom, newTo);
        Assert.True((await AddToCartAsync(late, other, 1)).Succeeded);
        Assert.True((await CheckoutAsync(late, Delivery(PaymentMethod.Cash))).Succeeded);
        await AssertKeptEqualsFreshAsync(newFrom, newTo);
        Assert.Equal(1, (await ReportAsync(newTo, newTo)).Totals.Orders);
    }

    [Fact]
    public async Task An_order_written_again_seconds_after_it_was_read_shows_each_time_in_the_kept_day()
    {
        // The kept day remembers the stamps of the rows it read and skips a row the overlap brings back unchanged (decision 0064
        // addendum); every later write stamps the row anew and must still show, within the minute between full reads.
        var (from, to) = (Today.AddDays(-1), Today);
        var product = await NewProductAsync(price: 9_000_000, stock: 5);
        var customer = (await CustomersAsync(1))[0];
        Assert.True((await AddToCartAsync(customer, product, 1)).Succeeded);
        var placed = await CheckoutAsync(customer, Delivery(PaymentMethod.Click));
        Assert.True(placed.Succeeded);
        var id = placed.Value!.OrderId;
        Clock.Advance(TimeSpan.FromSeconds(5));
        await AssertKeptEqualsFreshAsync(from, to); // read: the order's stamp is now five seconds old, so it is kept
        Clock.Advance(TimeSpan.FromSeconds(5));
        await AssertKeptEqualsFreshAsync(from, to); // the overlap brings it back unchanged

        var total = (await OrderAsync(id)).Total;
        Clock.Advance(TimeSpan.FromSeconds(5));
        await InScopeAsync(async (DorixonaDbContext db) =>
        {
            db.Payments.Add(new Payment
            {
                OrderId = id, Provider = PaymentProvider.Click, Amount = total, State = PaymentState.Succeeded, CreatedAt = Clock.UtcNow,
                UpdatedAt = Clock.UtcNow, PerformedAt = Clock.UtcNow, IdempotencyKey = Guid.NewGuid().ToString("N"),
            });
            await db.SaveChangesAsync();
        });
        await InScopeAsync((DorixonaDbContext db) => db.Orders.Where(o => o.Id == id)
            .ExecuteUpdateAsync(x => x.SetProperty(o => o.Status, OrderStatus.Paid).SetProperty(o => o.UpdatedAt, Clock.UtcNow)));
        Clock.Advance(TimeSpan.FromSeconds(5));
        var paid = await ReportAsync(from, to);
        Assert.Contains(paid.TopProductsByRevenue, p => p.ProductId == product);
        await AssertKeptEqualsFreshAsync(from, to);

        // The refund asked ten seconds later: the payment row is written again with a new stamp.
        Clock.Advance(TimeSpan.FromSeconds(10));
        await InScopeAsync((DorixonaDbContext db) => db.Payments.Where(p => p.OrderId == id)
            .ExecuteUpdateAsync(x => x.SetProperty(p => p.RefundRequestedAt, (DateTime?)Clock.UtcNow).SetProperty(p => p.UpdatedAt, Clock.UtcNow)));
        Clock.Advance(TimeSpan.FromSeconds(5));
        var refunded = await ReportAsync(from, to);
        Assert.DoesNotContain(refunded.TopProductsByRevenue, p => p.ProductId == product);
        await AssertKeptEqualsFreshAsync(from, to);
    }

    [Fact]
    public async Task An_order_changed_without_its_time_stamped_shows_in_the_kept_day_within_a_minute()
    {
        var (from, to) = (Today.AddDays(-1), Today);
        await ReportAsync(from, to); // the live day is kept from here
        var paid = await TodayOrderAsync(OrderStatus.Paid);
        // A writer nobody heard of: a status and a refund request without touching UpdatedAt.
        await InScopeAsync((DorixonaDbContext db) => db.Orders.Where(o => o.Id == paid).ExecuteUpdateAsync(x => x.SetProperty(o => o.Status, OrderStatus.Cancelled)));
        await InScopeAsync((DorixonaDbContext db) => db.Payments.Where(p => p.OrderId == paid)
            .ExecuteUpdateAsync(x => x.SetProperty(p => p.RefundRequestedAt, (DateTime?)Clock.UtcNow)));

        Clock.Advance(LiveToday.FullReadEvery);

        var kept = await ReportAsync(from, to);
        Assert.Contains(kept.Statuses, s => s.Status == OrderStatus.Cancelled);
        await AssertKeptEqualsFreshAsync(from, to);
    }

    [Theory]
    [InlineData("2026-11-01", "2026-11-30", null, "2026-11-01", "2026-11-21")] // a future end counts as today
    [InlineData(null, null, null, "2026-11-15", "2026-11-21")] // nothing asked: the last 7 days
    [InlineData("2026-1-01", "2026-11-21", "dashboard.badDate", null, null)]
    [InlineData("2026-11-21", "21.11.2026", "dashboard.badDate", null, null)]
    [InlineData("2026-11-20", "2026-11-19", "dashboard.fromAfterTo", null, null)]
    [InlineData("2025-11-19", "2026-11-21", "dashboard.rangeTooLong", null, null)]
    [InlineData("2025-11-21", "2026-11-21", null, "2025-11-21", "2026-11-21")] // 366 days is allowed
    public async Task Ranges_are_Tashkent_days_checked_and_capped(string? from, string? to, string? error, string? expectedFrom, string? expectedTo)
    {
        var result = await InScopeAsync((DashboardService s) => Task.FromResult(s.ParseRange(from, to)));

        if (error is null)
        {
            Assert.True(result.Succeeded);
            Assert.Equal((DateOnly.Parse(expectedFrom!, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(expectedTo!, System.Globalization.CultureInfo.InvariantCulture)),
                (result.Value!.From, result.Value.To));
        }
        else
        {
            Assert.Contains(result.Errors, e => e.Code == error);
        }
    }

    [Fact]
    public void The_median_of_the_review_histogram_is_the_middle_value_or_the_mean_of_the_two()
    {
        Assert.Null(Figures.Median(new Dictionary<int, int>()));
        Assert.Equal(5, Figures.Median(new Dictionary<int, int> { [5] = 1 }));
        Assert.Equal(7.5, Figures.Median(new Dictionary<int, int> { [5] = 1, [10] = 1 }));
        Assert.Equal(10, Figures.Median(new Dictionary<int, int> { [5] = 1, [10] = 2, [90] = 1, [1] = 0 }));
        Assert.Equal(3, Figures.Median(new Dictionary<int, int> { [3] = 3, [100] = 2 }));
    }
}
