using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Delivery;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments;
using Dorixona.Core.Prescriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dorixona.Core.Dashboard;

/// <summary>
/// Computes the dashboard's figures from orders, payments, prescriptions, deliveries and users (docs/decisions/0010),
/// and keeps the per-day aggregate tables: past Tashkent days are aggregated once, and again when they are marked dirty.
/// </summary>
public sealed class DailyAggregator(DorixonaDbContext db, AggregationGate gate, TimeProvider clock, ILogger<DailyAggregator> logger)
{
    /// <summary>The figures of one Tashkent day straight from the source tables.</summary>
    public async Task<Figures> ComputeAsync(DateOnly day, CancellationToken ct = default)
    {
        var f = new Figures();
        AddOrders(f, day, await LoadOrderSharesAsync(day, null, ct));
        await AddDayExtrasAsync(f, day, ct);
        return f;
    }

    /// <summary>Adds the orders' shares to the day's figures (orders, paid, refunds, statuses, methods, products, categories).</summary>
    public static void AddOrders(Figures f, DateOnly day, IEnumerable<OrderShare> shares)
    {
        var line = f.Day(day);
        foreach (var o in shares)
        {
            line.Orders++;
            f.AddStatus(o.Status, 1);
            if (o.Paid)
            {
                line.PaidOrders++;
                line.Revenue += o.Total;
                foreach (var l in o.Lines)
                {
                    f.AddProduct(l.ProductId, new Sales(l.Quantity, l.LineTotal));
                    f.AddCategory(l.CategoryId, new Sales(l.Quantity, l.LineTotal));
                }
            }
            if (o.Refunded)
            {
                line.RefundedOrders++;
                line.Refunds += o.Refunds;
            }
            f.AddMethod(o.Method, new MethodSums(1, o.Paid ? 1 : 0, o.Paid ? o.Total : 0));
        }
    }

    /// <summary>
    /// Each order placed that day (or only those of <paramref name="orderIds"/> placed that day) with what it adds to the day:
    /// paid when a payment succeeded and no refund was asked; its lines (of products not deleted) only when paid.
    /// </summary>
    public async Task<List<OrderShare>> LoadOrderSharesAsync(DateOnly day, IReadOnlyCollection<long>? orderIds, CancellationToken ct = default)
    {
        var start = Tashkent.StartUtc(day);
        var end = Tashkent.StartUtc(day.AddDays(1));
        var ofDay = db.Orders.AsNoTracking().Where(o => o.CreatedAt >= start && o.CreatedAt < end);
        if (orderIds is not null) ofDay = ofDay.Where(o => orderIds.Contains(o.Id));

        var orders = await ofDay.Select(o => new { o.Id, o.Status, o.PaymentMethod, o.Total }).ToListAsync(ct);
        var payments = (await (from p in db.Payments.AsNoTracking()
                               join o in ofDay on p.OrderId equals o.Id
                               where p.State == PaymentState.Succeeded || p.State == PaymentState.Refunded
                               select new { p.OrderId, p.State, p.RefundRequestedAt, p.Amount }).ToListAsync(ct))
            .ToLookup(p => p.OrderId);
        var lines = (await (from l in db.OrderLines.AsNoTracking()
                            join o in ofDay on l.OrderId equals o.Id
                            join p in db.Products.AsNoTracking() on l.ProductId equals p.Id
                            where db.Payments.Any(x => x.OrderId == o.Id && x.State == PaymentState.Succeeded && x.RefundRequestedAt == null)
                            select new { l.OrderId, Line = new LineShare(l.ProductId, p.CategoryId, l.Quantity, l.LineTotal) }).ToListAsync(ct))
            .ToLookup(l => l.OrderId, l => l.Line);
        var shares = new List<OrderShare>(orders.Count);
        foreach (var o in orders)
        {
            var own = payments[o.Id].ToList();
            var paid = own.Any(p => p.State == PaymentState.Succeeded && p.RefundRequestedAt == null);
            var refunds = own.Where(p => p.State == PaymentState.Refunded || p.RefundRequestedAt != null).ToList();
            shares.Add(new OrderShare(o.Id, o.Status, o.PaymentMethod, o.Total, paid, refunds.Count > 0, refunds.Sum(p => p.Amount),
                paid ? lines[o.Id].ToList() : []));
        }
        return shares;
    }

    /// <summary>
    /// The orders placed that day whose row or one of whose payments was written at or after <paramref name="since"/> (by the
    /// writer's clock), each row with its stamp, so a reader that keeps the stamps it has seen re-reads only rows written again:
    /// found through the <c>CreatedAt</c> indexes (a payment is never older than its order), so this reads only the day's rows.
    /// </summary>
    public async Task<ChangedRows> OrdersChangedSinceAsync(DateOnly day, DateTime since, long afterOrderId, CancellationToken ct = default)
    {
        var start = Tashkent.StartUtc(day);
        var end = Tashkent.StartUtc(day.AddDays(1));
        // A new row is new by its id too: one written with an older stamp (an import, a back-dated fix) is not missed.
        var orders = await db.Orders.AsNoTracking().Where(o => o.CreatedAt >= start && o.CreatedAt < end && (o.UpdatedAt >= since || o.Id > afterOrderId))
            .Select(o => new RowStamp(o.Id, o.Id, o.UpdatedAt)).ToListAsync(ct);
        var payments = await db.Payments.AsNoTracking().Where(p => p.CreatedAt >= start && p.UpdatedAt >= since)
            .Select(p => new RowStamp(p.Id, p.OrderId, p.UpdatedAt)).ToListAsync(ct);
        return new ChangedRows(orders, payments);
    }

    /// <summary>The day's figures that are not about its orders: new customers, prescriptions decided, deliveries finished per courier.</summary>
    public async Task AddDayExtrasAsync(Figures f, DateOnly day, CancellationToken ct = default)
    {
        var start = Tashkent.StartUtc(day);
        var end = Tashkent.StartUtc(day.AddDays(1));
        var line = f.Day(day);

        line.NewCustomers += await db.Users.AsNoTracking()
            .CountAsync(u => u.CreatedAt >= start && u.CreatedAt < end
                && db.UserRoles.Any(r => r.UserId == u.Id && db.Roles.Any(x => x.Id == r.RoleId && x.Name == Roles.Customer)), ct);

        var decided = await db.Prescriptions.AsNoTracking()
            .Where(p => p.DecidedAt >= start && p.DecidedAt < end && p.Status != PrescriptionStatus.Pending)
            .Select(p => new { p.CreatedAt, p.DecidedAt, p.Status }).ToListAsync(ct);
        foreach (var p in decided)
        {
            if (p.Status == PrescriptionStatus.Rejected) line.PrescriptionsRejected++;
            else line.PrescriptionsApproved++;
            f.AddReview(ReviewMinutes(p.CreatedAt, p.DecidedAt!.Value), 1);
        }

        var delivered = await db.Deliveries.AsNoTracking()
            .Where(d => d.State == DeliveryState.Delivered && d.DeliveredAt >= start && d.DeliveredAt < end && d.CourierId != null)
            .GroupBy(d => d.CourierId!.Value)
            .Select(g => new { Courier = g.Key, Delivered = g.Count(), OnTime = g.Count(d => d.DeliveredAt <= d.PromisedBy) }).ToListAsync(ct);
        foreach (var d in delivered) f.AddCourier(d.Courier, new CourierSums(d.Delivered, d.OnTime));
    }

    /// <summary>Whole minutes from upload to decision (never negative).</summary>
    public static int ReviewMinutes(DateTime created, DateTime decided) => Math.Max(0, (int)Math.Floor((decided - created).TotalMinutes));

    /// <summary>The stored figures of <paramref name="from"/>..<paramref name="to"/> (only days that have been aggregated).</summary>
    public async Task<Figures> LoadAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var f = new Figures();
        foreach (var s in await db.StatsDays.AsNoTracking().Where(s => s.Day >= from && s.Day <= to).ToListAsync(ct))
        {
            var l = f.Day(s.Day);
            l.Orders = s.Orders; l.PaidOrders = s.PaidOrders; l.Revenue = s.Revenue; l.RefundedOrders = s.RefundedOrders; l.Refunds = s.Refunds;
            l.NewCustomers = s.NewCustomers; l.PrescriptionsApproved = s.PrescriptionsApproved; l.PrescriptionsRejected = s.PrescriptionsRejected;
        }
        foreach (var s in await db.StatsOrderStatuses.AsNoTracking().Where(s => s.Day >= from && s.Day <= to)
                     .GroupBy(s => s.Status).Select(g => new { g.Key, N = g.Sum(x => x.Orders) }).ToListAsync(ct))
            if (Enum.TryParse<OrderStatus>(s.Key, out var status)) f.AddStatus(status, s.N);
        foreach (var s in await db.StatsPaymentMethods.AsNoTracking().Where(s => s.Day >= from && s.Day <= to)
                     .GroupBy(s => s.Method).Select(g => new { g.Key, O = g.Sum(x => x.Orders), P = g.Sum(x => x.PaidOrders), R = g.Sum(x => x.Revenue) }).ToListAsync(ct))
            if (Enum.TryParse<PaymentMethod>(s.Key, out var method)) f.AddMethod(method, new MethodSums(s.O, s.P, s.R));
        foreach (var s in await db.StatsProducts.AsNoTracking().Where(s => s.Day >= from && s.Day <= to)
                     .GroupBy(s => s.ProductId).Select(g => new { g.Key, U = g.Sum(x => (long)x.Units), R = g.Sum(x => x.Revenue) }).ToListAsync(ct))
            f.AddProduct(s.Key, new Sales(s.U, s.R));
        foreach (var s in await db.StatsCategories.AsNoTracking().Where(s => s.Day >= from && s.Day <= to)
                     .GroupBy(s => s.CategoryId).Select(g => new { g.Key, U = g.Sum(x => (long)x.Units), R = g.Sum(x => x.Revenue) }).ToListAsync(ct))
            f.AddCategory(s.Key, new Sales(s.U, s.R));
        foreach (var s in await db.StatsCouriers.AsNoTracking().Where(s => s.Day >= from && s.Day <= to)
                     .GroupBy(s => s.CourierId).Select(g => new { g.Key, D = g.Sum(x => x.Delivered), O = g.Sum(x => x.OnTime) }).ToListAsync(ct))
            f.AddCourier(s.Key, new CourierSums(s.D, s.O));
        foreach (var s in await db.StatsReviewTimes.AsNoTracking().Where(s => s.Day >= from && s.Day <= to)
                     .GroupBy(s => s.Minutes).Select(g => new { g.Key, N = g.Sum(x => x.Prescriptions) }).ToListAsync(ct))
            f.AddReview(s.Key, s.N);
        return f;
    }

    /// <summary>
    /// Makes every past day in the range readable from the aggregate tables: days never aggregated and days marked
    /// dirty are (re)aggregated. Days from today on are left alone (today is computed live). Returns the days written.
    /// </summary>
    public async Task<int> EnsureAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var yesterday = Tashkent.Today(clock).AddDays(-1);
        if (to > yesterday) to = yesterday;
        if (from > to) return 0;
        var done = (await db.StatsDays.AsNoTracking().Where(s => s.Day >= from && s.Day <= to).Select(s => s.Day).ToListAsync(ct)).ToHashSet();
        var dirty = await db.StatsDirtyDays.AsNoTracking().Where(s => s.Day >= from && s.Day <= to).ToDictionaryAsync(s => s.Day, s => s.Version, ct);
        var todo = new List<DateOnly>();
        for (var d = from; d <= to; d = d.AddDays(1))
            if (!done.Contains(d) || dirty.ContainsKey(d)) todo.Add(d);
        if (todo.Count == 0) return 0;
        await gate.Lock.WaitAsync(ct);
        try
        {
            foreach (var day in todo) await AggregateDayAsync(day, dirty.TryGetValue(day, out var v) ? v : null, ct);
        }
        finally
        {
            gate.Lock.Release();
        }
        return todo.Count;
    }

    /// <summary>Every past day from the first order (or user) to yesterday, and every dirty day: what the Quartz job calls.</summary>
    public async Task<int> CatchUpAsync(CancellationToken ct = default)
    {
        await SweepPaymentsAsync(ct);
        var firstOrder = await db.Orders.AsNoTracking().OrderBy(o => o.CreatedAt).Select(o => (DateTime?)o.CreatedAt).FirstOrDefaultAsync(ct);
        var yesterday = Tashkent.Today(clock).AddDays(-1);
        var from = firstOrder is { } f ? Tashkent.DayOf(f) : yesterday;
        var firstDirty = await db.StatsDirtyDays.AsNoTracking().OrderBy(d => d.Day).Select(d => (DateOnly?)d.Day).FirstOrDefaultAsync(ct);
        if (firstDirty is { } fd && fd < from) from = fd;
        // Days older than a few years are not backfilled: the range a page can ask for is capped anyway.
        var floor = yesterday.AddDays(-(DashboardService.MaxRangeDays * 3));
        if (from < floor) from = floor;
        var written = await EnsureAsync(from, yesterday, ct);
        if (written > 0) logger.LogInformation("Daily statistics: {Days} day(s) aggregated up to {Yesterday}", written, yesterday);
        return written;
    }

    private async Task AggregateDayAsync(DateOnly day, long? dirtyVersion, CancellationToken ct)
    {
        var f = await ComputeAsync(day, ct);
        var line = f.Day(day);
        var now = clock.GetUtcNow().UtcDateTime;
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            await strategy.ExecuteAsync(async () =>
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await db.StatsDays.Where(s => s.Day == day).ExecuteDeleteAsync(ct);
                await db.StatsOrderStatuses.Where(s => s.Day == day).ExecuteDeleteAsync(ct);
                await db.StatsPaymentMethods.Where(s => s.Day == day).ExecuteDeleteAsync(ct);
                await db.StatsProducts.Where(s => s.Day == day).ExecuteDeleteAsync(ct);
                await db.StatsCategories.Where(s => s.Day == day).ExecuteDeleteAsync(ct);
                await db.StatsCouriers.Where(s => s.Day == day).ExecuteDeleteAsync(ct);
                await db.StatsReviewTimes.Where(s => s.Day == day).ExecuteDeleteAsync(ct);
                db.StatsDays.Add(new StatsDay
                {
                    Day = day, Orders = line.Orders, PaidOrders = line.PaidOrders, Revenue = line.Revenue, RefundedOrders = line.RefundedOrders,
                    Refunds = line.Refunds, NewCustomers = line.NewCustomers, PrescriptionsApproved = line.PrescriptionsApproved,
                    PrescriptionsRejected = line.PrescriptionsRejected, AggregatedAt = now,
                });
                db.StatsOrderStatuses.AddRange(f.Statuses.Select(s => new StatsOrderStatus { Day = day, Status = s.Key.ToString(), Orders = s.Value }));
                db.StatsPaymentMethods.AddRange(f.Methods.Select(m => new StatsPaymentMethod
                    { Day = day, Method = m.Key.ToString(), Orders = m.Value.Orders, PaidOrders = m.Value.PaidOrders, Revenue = m.Value.Revenue }));
                db.StatsProducts.AddRange(f.Products.Select(p => new StatsProduct { Day = day, ProductId = p.Key, Units = (int)p.Value.Units, Revenue = p.Value.Revenue }));
                db.StatsCategories.AddRange(f.Categories.Select(c => new StatsCategory { Day = day, CategoryId = c.Key, Units = (int)c.Value.Units, Revenue = c.Value.Revenue }));
                db.StatsCouriers.AddRange(f.Couriers.Select(c => new StatsCourier { Day = day, CourierId = c.Key, Delivered = c.Value.Delivered, OnTime = c.Value.OnTime }));
                db.StatsReviewTimes.AddRange(f.ReviewMinutes.Select(r => new StatsReviewTime { Day = day, Minutes = r.Key, Prescriptions = r.Value }));
                await db.SaveChangesAsync(ct);
                // Only the mark this aggregation saw: a change made meanwhile has bumped the version and stays dirty.
                if (dirtyVersion is { } v) await db.StatsDirtyDays.Where(d => d.Day == day && d.Version == v).ExecuteDeleteAsync(ct);
                await db.StatsState.Where(s => s.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(x => x.Revision, x => x.Revision + 1), ct);
                await tx.CommitAsync(ct);
            });
        }
        catch (DbUpdateException e)
        {
            // Another instance aggregated the same day at the same moment; its rows stand.
            logger.LogInformation(e, "Daily statistics for {Day} were written by someone else", day);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Marks the order's day dirty when it is a past day. Runs inside the change's transaction (an order transition), so the
    /// mark commits or rolls back with it. One statement: insert, or bump the version.
    /// </summary>
    public async Task MarkOrderDayDirtyAsync(long orderId, CancellationToken ct = default)
    {
        var created = await db.Orders.AsNoTracking().Where(o => o.Id == orderId).Select(o => (DateTime?)o.CreatedAt).SingleOrDefaultAsync(ct);
        if (created is { } c) await MarkDirtyAsync(Tashkent.DayOf(c), ct);
    }

    public async Task MarkDirtyAsync(DateOnly day, CancellationToken ct = default)
    {
        if (day >= Tashkent.Today(clock)) return;
        if (db.Database.IsSqlServer())
        {
            // SQL Server has no ON CONFLICT; HOLDLOCK keeps two concurrent marks of a new day from both inserting.
            await db.Database.ExecuteSqlAsync($"""
                MERGE [StatsDirtyDays] WITH (HOLDLOCK) AS t
                USING (SELECT {day} AS [Day]) AS s ON t.[Day] = s.[Day]
                WHEN MATCHED THEN UPDATE SET [Version] = t.[Version] + 1
                WHEN NOT MATCHED THEN INSERT ([Day], [Version]) VALUES (s.[Day], 1);
                """, ct);
            return;
        }
        // SQLite and PostgreSQL speak the same upsert.
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO \"StatsDirtyDays\" (\"Day\", \"Version\") VALUES ({day}, 1) ON CONFLICT (\"Day\") DO UPDATE SET \"Version\" = \"StatsDirtyDays\".\"Version\" + 1", ct);
    }

    /// <summary>
    /// Payments that change outside an order transition (cash taken at a pick-up counter) are found by id: every payment
    /// past the watermark marks its order's day dirty. Online payments succeed through an order transition (the hook sees
    /// it); a cash payment is inserted pending and taken a moment later, so the watermark waits at a young pending one.
    /// </summary>
    public async Task SweepPaymentsAsync(CancellationToken ct = default) =>
        await SweepPaymentsAsync(await db.StatsState.AsNoTracking().Where(s => s.Id == 1).Select(s => s.PaymentWatermark).SingleAsync(ct), ct);

    /// <summary>The sweep from a watermark the caller has just read; true when it marked a day for re-aggregation.</summary>
    public async Task<bool> SweepPaymentsAsync(long watermark, CancellationToken ct)
    {
        var fresh = await (from p in db.Payments.AsNoTracking()
                           join o in db.Orders.AsNoTracking() on p.OrderId equals o.Id
                           where p.Id > watermark
                           orderby p.Id
                           select new { p.Id, p.State, p.Provider, p.CreatedAt, OrderCreatedAt = o.CreatedAt }).Take(5000).ToListAsync(ct);
        if (fresh.Count == 0) return false;
        var young = clock.GetUtcNow().UtcDateTime.AddHours(-1);
        var waitAt = fresh.FirstOrDefault(p => p.Provider == PaymentProvider.Cash && p.State == PaymentState.Pending && p.CreatedAt > young);
        var swept = waitAt is null ? fresh : fresh.TakeWhile(p => p.Id < waitAt.Id).ToList();
        foreach (var day in swept.Select(p => Tashkent.DayOf(p.OrderCreatedAt)).Distinct()) await MarkDirtyAsync(day, ct);
        var next = swept.Count == 0 ? watermark : swept[^1].Id;
        if (next > watermark)
            await db.StatsState.Where(s => s.Id == 1 && s.PaymentWatermark == watermark)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.PaymentWatermark, next), ct);
        return swept.Count > 0;
    }
}

/// <summary>One aggregation at a time in this process (the tables' keys guard against other instances).</summary>
public sealed class AggregationGate
{
    public SemaphoreSlim Lock { get; } = new(1, 1);
}

/// <summary>A row (an order or a payment) of an order, with the stamp its writer gave it.</summary>
public readonly record struct RowStamp(long RowId, long OrderId, DateTime Stamp);

/// <summary>Orders and payments written since a time, with their stamps (<see cref="DailyAggregator.OrdersChangedSinceAsync"/>).</summary>
public sealed record ChangedRows(IReadOnlyList<RowStamp> Orders, IReadOnlyList<RowStamp> Payments);
