using Dorixona.Core.Common;
using Dorixona.Core.Catalog;
using Dorixona.Core.Data;
using Dorixona.Core.Orders;
using Dorixona.Core.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Dorixona.Core.Dashboard;

public sealed record DashboardRange(DateOnly From, DateOnly To)
{
    public int Days => To.DayNumber - From.DayNumber + 1;
}

public sealed record DaySeries(DateOnly Date, int Orders, int PaidOrders, long Revenue, int NewCustomers);

public sealed record DashboardTotals(int Orders, int PaidOrders, long Revenue, long AverageOrder, int RefundedOrders, long Refunds, int NewCustomers);

public sealed record StatusCount(OrderStatus Status, int Orders);

public sealed record MethodSplit(PaymentMethod Method, int Orders, int PaidOrders, long Revenue);

public sealed record ProductSales(int ProductId, string Name, long Units, long Revenue);

public sealed record CategorySales(int CategoryId, string Name, long Units, long Revenue);

public sealed record PrescriptionFigures(int Reviewed, int Approved, int Rejected, double? MedianReviewMinutes);

public sealed record CourierFigures(Guid CourierId, string Name, string Phone, int Delivered, int OnTime, int? OnTimePercent);

public sealed record StockItem(int ProductId, string Name, int Stock, DateOnly? ExpiryDate);

public sealed record StockAlerts(int LowStockThreshold, int LowStockCount, IReadOnlyList<StockItem> LowStock, int ExpiringWithinDays, int ExpiringCount,
    IReadOnlyList<StockItem> Expiring);

public sealed record DashboardReport(
    DashboardRange Range, DateOnly Today, DashboardTotals Totals, IReadOnlyList<DaySeries> Days, IReadOnlyList<StatusCount> Statuses,
    IReadOnlyList<MethodSplit> PaymentMethods, IReadOnlyList<ProductSales> TopProductsByRevenue, IReadOnlyList<ProductSales> TopProductsByUnits,
    IReadOnlyList<CategorySales> TopCategories, PrescriptionFigures Prescriptions, IReadOnlyList<CourierFigures> Couriers, StockAlerts Stock);

/// <summary>
/// The admin dashboard's figures for a range of Tashkent days: past days from the aggregate tables (re-aggregated first
/// when dirty or missing), today's orders kept up to date by <see cref="LiveToday"/>, the rest of today and stock alerts live. The past part and the stock part are cached and keyed by the
/// counters that change with their data, so a change is never served stale.
/// </summary>
public sealed class DashboardService(
    DorixonaDbContext db, DailyAggregator aggregator, LiveToday liveToday, IShopSettings settings, IMemoryCache cache, TimeProvider clock,
    CatalogChangeSignal stockSignal)
{
    public const int MaxRangeDays = 366;
    public const int ExpiringWithinDays = 90;
    public const int TopCount = 10;
    public const int AlertRows = 50;

    /// <summary>Parses yyyy-MM-dd from/to into a range; a missing pair means the last 7 days; <c>to</c> after today counts as today.</summary>
    public Result<DashboardRange> ParseRange(string? from, string? to)
    {
        var today = Tashkent.Today(clock);
        if (string.IsNullOrWhiteSpace(from) && string.IsNullOrWhiteSpace(to)) return Result<DashboardRange>.Ok(new DashboardRange(today.AddDays(-6), today));
        var errors = new List<FieldError>();
        if (!TryDay(from, out var f)) errors.Add(new FieldError("from", "dashboard.badDate"));
        if (!TryDay(to, out var t)) errors.Add(new FieldError("to", "dashboard.badDate"));
        if (errors.Count > 0) return Result<DashboardRange>.Fail(errors);
        if (t > today) t = today;
        if (f > t) return Result<DashboardRange>.Fail("from", "dashboard.fromAfterTo");
        if (t.DayNumber - f.DayNumber + 1 > MaxRangeDays) return Result<DashboardRange>.Fail("from", "dashboard.rangeTooLong", MaxRangeDays);
        return Result<DashboardRange>.Ok(new DashboardRange(f, t));
    }

    private static bool TryDay(string? value, out DateOnly day) =>
        DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out day)
        && day.Year >= 2000;

    public async Task<DashboardReport> GetAsync(DashboardRange range, string language = "uz", CancellationToken ct = default)
    {
        var today = Tashkent.Today(clock);
        var catalog = await CatalogVersionAsync(ct);
        var figures = new Figures();
        var pastTo = range.To < today ? range.To : today.AddDays(-1);
        var past = range.From <= pastTo ? await PastAsync(range.From, pastTo, ct) : null;
        if (past is not null) figures.Merge(past.Figures, products: false);
        Figures? live = null;
        if (range.To >= today)
        {
            live = await liveToday.OrdersAsync(aggregator, catalog, ct);
            figures.Merge(live, products: false);
            await aggregator.AddDayExtrasAsync(figures, today, ct);
        }
        var byRevenue = Top(past, past?.ByRevenue, live, Figures.ByRevenue);
        var byUnits = Top(past, past?.ByUnits, live, Figures.ByUnits);
        var stock = await StockAsync(today, catalog, ct);
        return await BuildAsync(range, today, figures, byRevenue, byUnits, stock, language, ct);
    }

    /// <summary>
    /// The ranges an admin opens first (the picker's 7 and 30 days and this month, and the last year), computed so their past
    /// parts, today and the stock lists are in memory before anyone asks (decision XXXX). <see cref="DashboardWarmup"/> calls it on
    /// every instance at start-up and every few minutes; a range already cached for the current aggregation revision costs only its checks.
    /// </summary>
    public static IReadOnlyList<DashboardRange> WarmRanges(DateOnly today) =>
    [
        new(today.AddDays(-6), today),
        new(today.AddDays(-29), today),
        new(new DateOnly(today.Year, today.Month, 1), today),
        new(today.AddDays(1 - 365), today),
    ];

    public async Task WarmAsync(CancellationToken ct = default)
    {
        foreach (var range in WarmRanges(Tashkent.Today(clock))) await GetAsync(range, "uz", ct);
    }

    /// <summary>
    /// What the kept day and stock lists depend on in the catalog: the revision counter (categories, substances, branches…) and
    /// the newest product stamp, as a product edit, deletion or import stamps its products instead of bumping the counter
    /// (decision 0063). One query; the stamp is read from its index.
    /// </summary>
    private async Task<long> CatalogVersionAsync(CancellationToken ct)
    {
        var row = await db.CatalogRevisions.AsNoTracking().Where(r => r.Id == 1)
            .Select(r => new { r.Catalog, Products = db.Products.IgnoreQueryFilters().Max(p => (DateTime?)p.UpdatedAt) })
            .SingleOrDefaultAsync(ct);
        return row is null ? 0 : HashCode.Combine(row.Catalog, row.Products);
    }

    /// <summary>
    /// The best <see cref="TopCount"/> products of the past part and today together, without adding up every product: a product
    /// not sold today keeps its past figures, so the best of those are the first in the past ranking that today did not sell.
    /// </summary>
    private static List<KeyValuePair<int, Sales>> Top(PastPart? past, IReadOnlyList<KeyValuePair<int, Sales>>? ranked, Figures? live,
        IComparer<KeyValuePair<int, Sales>> order)
    {
        var candidates = new List<KeyValuePair<int, Sales>>();
        if (live is not null)
            foreach (var (id, sales) in live.Products)
                candidates.Add(new(id, past is not null && past.Figures.Products.TryGetValue(id, out var before) ? before.Add(sales) : sales));
        if (ranked is not null) candidates.AddRange(ranked.Where(p => live is null || !live.Products.ContainsKey(p.Key)).Take(TopCount));
        candidates.Sort(order);
        return candidates.Take(TopCount).ToList();
    }

    /// <summary>The past days' stored figures with their products ranked both ways, built once per aggregation revision.</summary>
    private sealed record PastPart(Figures Figures, IReadOnlyList<KeyValuePair<int, Sales>> ByRevenue, IReadOnlyList<KeyValuePair<int, Sales>> ByUnits);

    private async Task<PastPart> PastAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        // One read tells whether the range is ready as stored: every day aggregated, none marked dirty. Then only payments past
        // the watermark are looked for; the slower path (aggregate what is missing or dirty, read the revision again) runs
        // only when something is to do.
        var state = await db.StatsState.AsNoTracking().Where(s => s.Id == 1).Select(s => new
        {
            s.Revision, s.PaymentWatermark,
            Done = db.StatsDays.Count(d => d.Day >= from && d.Day <= to),
            Dirty = db.StatsDirtyDays.Count(d => d.Day >= from && d.Day <= to),
        }).SingleAsync(ct);
        var revision = state.Revision;
        if (await aggregator.SweepPaymentsAsync(state.PaymentWatermark, ct) || state.Done != to.DayNumber - from.DayNumber + 1 || state.Dirty > 0)
        {
            await aggregator.EnsureAsync(from, to, ct);
            revision = await db.StatsState.AsNoTracking().Where(s => s.Id == 1).Select(s => s.Revision).SingleAsync(ct);
        }
        var key = ("dashboard-past", from, to, revision);
        if (cache.TryGetValue(key, out PastPart? cached) && cached is not null) return cached;
        var loaded = await aggregator.LoadAsync(from, to, ct);
        var byRevenue = loaded.Products.ToList();
        byRevenue.Sort(Figures.ByRevenue);
        var byUnits = loaded.Products.ToList();
        byUnits.Sort(Figures.ByUnits);
        var part = new PastPart(loaded, byRevenue, byUnits);
        cache.Set(key, part, new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10), Size = 1 });
        return part;
    }

    /// <summary>
    /// Low-stock and expiring-soon products: live state, cached per catalog revision, threshold and day and per stock notice
    /// this instance heard of. A change nobody announced here (another instance without the broadcast) shows within a minute.
    /// </summary>
    private async Task<StockAlerts> StockAsync(DateOnly today, long catalog, CancellationToken ct)
    {
        var threshold = (await settings.GetAsync(ct)).LowStockThreshold;
        var key = ("dashboard-stock", today, threshold, catalog, stockSignal.Stock);
        if (cache.TryGetValue(key, out StockAlerts? cached) && cached is not null) return cached;

        // One pass over the active products with their total stock; both lists are cut from it, names fetched for the rows shown.
        var stockByProduct = db.BranchStock.GroupBy(s => s.ProductId).Select(g => new { ProductId = g.Key, Quantity = g.Sum(s => s.Quantity) });
        var totals = (await (from p in db.Products.AsNoTracking()
                            where p.IsActive && p.DeletedAt == null
                            join s in stockByProduct on p.Id equals s.ProductId into ss
                            from s in ss.DefaultIfEmpty()
                            select new { p.Id, p.ExpiryDate, Quantity = (int?)s.Quantity }).ToListAsync(ct))
            .Select(x => new { x.Id, x.ExpiryDate, Stock = x.Quantity ?? 0 }).ToList();
        var until = today.AddDays(ExpiringWithinDays);
        var low = totals.Where(p => p.Stock <= threshold).OrderBy(p => p.Stock).ThenBy(p => p.Id).ToList();
        var expiring = totals.Where(p => p.ExpiryDate is { } e && e <= until && p.Stock > 0).OrderBy(p => p.ExpiryDate).ThenBy(p => p.Id).ToList();
        var shownIds = low.Take(AlertRows).Concat(expiring.Take(AlertRows)).Select(p => p.Id).Distinct().ToList();
        var names = await db.Products.AsNoTracking().Where(p => shownIds.Contains(p.Id)).Select(p => new { p.Id, p.Name })
            .ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var lowRows = low.Take(AlertRows).Select(p => new StockItem(p.Id, names[p.Id], p.Stock, p.ExpiryDate)).ToList();
        var expRows = expiring.Take(AlertRows).Select(p => new StockItem(p.Id, names[p.Id], p.Stock, p.ExpiryDate)).ToList();
        var lowCount = low.Count;
        var expCount = expiring.Count;
        var alerts = new StockAlerts(threshold, lowCount, lowRows, ExpiringWithinDays, expCount, expRows);
        cache.Set(key, alerts, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1), Size = 1 });
        return alerts;
    }

    private async Task<DashboardReport> BuildAsync(DashboardRange range, DateOnly today, Figures f, List<KeyValuePair<int, Sales>> byRevenue,
        List<KeyValuePair<int, Sales>> byUnits, StockAlerts stock, string language, CancellationToken ct)
    {
        var days = new List<DaySeries>();
        for (var d = range.From; d <= range.To; d = d.AddDays(1))
        {
            var l = f.Days.GetValueOrDefault(d) ?? new DayLine();
            days.Add(new DaySeries(d, l.Orders, l.PaidOrders, l.Revenue, l.NewCustomers));
        }
        var lines = range.From <= range.To ? f.Days.Where(kv => kv.Key >= range.From && kv.Key <= range.To).Select(kv => kv.Value).ToList() : [];
        var paidOrders = lines.Sum(l => l.PaidOrders);
        var revenue = lines.Sum(l => l.Revenue);
        var totals = new DashboardTotals(lines.Sum(l => l.Orders), paidOrders, revenue, paidOrders == 0 ? 0 : (long)Math.Round((double)revenue / paidOrders, MidpointRounding.AwayFromZero),
            lines.Sum(l => l.RefundedOrders), lines.Sum(l => l.Refunds), lines.Sum(l => l.NewCustomers));

        var statuses = Enum.GetValues<OrderStatus>().Where(s => f.Statuses.GetValueOrDefault(s) > 0).Select(s => new StatusCount(s, f.Statuses[s])).ToList();
        var methods = Enum.GetValues<PaymentMethod>().Select(m => f.Methods.TryGetValue(m, out var v)
            ? new MethodSplit(m, v.Orders, v.PaidOrders, v.Revenue) : new MethodSplit(m, 0, 0, 0)).ToList();

        var productIds = byRevenue.Concat(byUnits).Select(p => p.Key).Distinct().ToList();
        var names = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).Select(p => new { p.Id, p.Name })
            .ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        ProductSales Product(KeyValuePair<int, Sales> p) => new(p.Key, names.GetValueOrDefault(p.Key) ?? "#" + p.Key, p.Value.Units, p.Value.Revenue);

        var topCategories = f.Categories.OrderByDescending(c => c.Value.Revenue).ThenByDescending(c => c.Value.Units).ThenBy(c => c.Key).Take(TopCount).ToList();
        var categoryIds = topCategories.Select(c => c.Key).ToList();
        var categories = await db.Categories.AsNoTracking().Where(c => categoryIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);

        var approved = lines.Sum(l => l.PrescriptionsApproved);
        var rejected = lines.Sum(l => l.PrescriptionsRejected);

        var courierIds = f.Couriers.Keys.ToList();
        var couriers = await db.Users.AsNoTracking().Where(u => courierIds.Contains(u.Id)).Select(u => new { u.Id, u.FullName, u.PhoneNumber })
            .ToDictionaryAsync(u => u.Id, u => new { u.FullName, u.PhoneNumber }, ct);
        var courierRows = f.Couriers.Select(c => new CourierFigures(c.Key, couriers.GetValueOrDefault(c.Key)?.FullName ?? "",
                couriers.GetValueOrDefault(c.Key)?.PhoneNumber ?? "", c.Value.Delivered, c.Value.OnTime,
                c.Value.Delivered == 0 ? null : (int)Math.Round(100.0 * c.Value.OnTime / c.Value.Delivered, MidpointRounding.AwayFromZero)))
            .OrderByDescending(c => c.Delivered).ThenBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.CourierId).ToList();

        return new DashboardReport(range, today, totals, days, statuses, methods, byRevenue.Select(Product).ToList(), byUnits.Select(Product).ToList(),
            topCategories.Select(c => new CategorySales(c.Key, categories.TryGetValue(c.Key, out var cat) ? cat.Name(language) : "#" + c.Key, c.Value.Units, c.Value.Revenue)).ToList(),
            new PrescriptionFigures(approved + rejected, approved, rejected, Figures.Median(f.ReviewMinutes)), courierRows, stock);
    }
}
