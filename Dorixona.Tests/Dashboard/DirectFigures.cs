using Dorixona.Core.Dashboard;
using Dorixona.Core.Data;
using Dorixona.Core.Delivery;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments;
using Dorixona.Core.Prescriptions;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Dashboard;

/// <summary>
/// The dashboard's figures computed the plain way, with LINQ over every entity loaded into memory, from the definitions in
/// docs/decisions/0010 — independent of the aggregation code, so the two can be compared figure by figure.
/// </summary>
public static class DirectFigures
{
    public static async Task AssertMatchesAsync(DorixonaDbContext db, DashboardReport r, int lowStockThreshold)
    {
        var orders = await db.Orders.AsNoTracking().Include(o => o.Lines).ToListAsync();
        var payments = await db.Payments.AsNoTracking().ToListAsync();
        var products = await db.Products.AsNoTracking().ToListAsync();
        var categories = await db.Categories.AsNoTracking().ToListAsync();
        var stock = await db.BranchStock.AsNoTracking().ToListAsync();
        var users = await db.Users.AsNoTracking().ToListAsync();
        var customerRole = await db.Roles.AsNoTracking().Where(x => x.Name == Roles.Customer).Select(x => x.Id).SingleAsync();
        var customerIds = (await db.UserRoles.AsNoTracking().Where(x => x.RoleId == customerRole).Select(x => x.UserId).ToListAsync()).ToHashSet();
        var prescriptions = await db.Prescriptions.AsNoTracking().ToListAsync();
        var deliveries = await db.Deliveries.AsNoTracking().ToListAsync();

        static DateOnly Day(DateTime utc) => DateOnly.FromDateTime(utc.AddHours(5));
        bool In(DateTime utc) => Day(utc) >= r.Range.From && Day(utc) <= r.Range.To;
        bool Paid(Order o) => payments.Any(p => p.OrderId == o.Id && p.State == PaymentState.Succeeded && p.RefundRequestedAt == null);
        IEnumerable<Payment> Refunds(Order o) => payments.Where(p => p.OrderId == o.Id && (p.State == PaymentState.Refunded || (p.State == PaymentState.Succeeded && p.RefundRequestedAt != null)));

        var inRange = orders.Where(o => In(o.CreatedAt)).ToList();
        var paid = inRange.Where(Paid).ToList();
        var newCustomers = users.Where(u => customerIds.Contains(u.Id) && In(u.CreatedAt)).ToList();

        // Totals
        Assert.Equal(inRange.Count, r.Totals.Orders);
        Assert.Equal(paid.Count, r.Totals.PaidOrders);
        Assert.Equal(paid.Sum(o => o.Total), r.Totals.Revenue);
        Assert.Equal(paid.Count == 0 ? 0 : (long)Math.Round((double)paid.Sum(o => o.Total) / paid.Count, MidpointRounding.AwayFromZero), r.Totals.AverageOrder);
        Assert.Equal(inRange.Count(o => Refunds(o).Any()), r.Totals.RefundedOrders);
        Assert.Equal(inRange.SelectMany(Refunds).Sum(p => p.Amount), r.Totals.Refunds);
        Assert.Equal(newCustomers.Count, r.Totals.NewCustomers);

        // One line per day, revenue and orders and new customers
        var expectedDays = Enumerable.Range(0, r.Range.Days).Select(i => r.Range.From.AddDays(i)).Select(d => new DaySeries(d,
            inRange.Count(o => Day(o.CreatedAt) == d), paid.Count(o => Day(o.CreatedAt) == d), paid.Where(o => Day(o.CreatedAt) == d).Sum(o => o.Total),
            newCustomers.Count(u => Day(u.CreatedAt) == d))).ToList();
        Assert.Equal(expectedDays, r.Days);

        // Orders by status, payment methods
        Assert.Equal(inRange.GroupBy(o => o.Status).Select(g => new StatusCount(g.Key, g.Count())).OrderBy(s => s.Status).ToList(),
            r.Statuses.OrderBy(s => s.Status).ToList());
        Assert.Equal(Enum.GetValues<PaymentMethod>().Select(m => new MethodSplit(m, inRange.Count(o => o.PaymentMethod == m), paid.Count(o => o.PaymentMethod == m),
            paid.Where(o => o.PaymentMethod == m).Sum(o => o.Total))).ToList(), r.PaymentMethods);

        // Top products and categories, over the lines of paid orders
        var sold = paid.SelectMany(o => o.Lines).GroupBy(l => l.ProductId)
            .Select(g => new ProductSales(g.Key, products.Single(p => p.Id == g.Key).Name, g.Sum(l => (long)l.Quantity), g.Sum(l => l.LineTotal))).ToList();
        Assert.Equal(sold.OrderByDescending(p => p.Revenue).ThenByDescending(p => p.Units).ThenBy(p => p.ProductId).Take(10).ToList(), r.TopProductsByRevenue);
        Assert.Equal(sold.OrderByDescending(p => p.Units).ThenByDescending(p => p.Revenue).ThenBy(p => p.ProductId).Take(10).ToList(), r.TopProductsByUnits);
        var byCategory = paid.SelectMany(o => o.Lines).GroupBy(l => products.Single(p => p.Id == l.ProductId).CategoryId)
            .Select(g => new CategorySales(g.Key, categories.Single(c => c.Id == g.Key).NameUz, g.Sum(l => (long)l.Quantity), g.Sum(l => l.LineTotal)))
            .OrderByDescending(c => c.Revenue).ThenByDescending(c => c.Units).ThenBy(c => c.CategoryId).Take(10).ToList();
        Assert.Equal(byCategory, r.TopCategories);

        // Prescriptions decided in the range; median of whole minutes from upload to decision
        var decided = prescriptions.Where(p => p.DecidedAt is { } d && In(d) && p.Status != PrescriptionStatus.Pending).ToList();
        var minutes = decided.Select(p => Math.Floor((p.DecidedAt!.Value - p.CreatedAt).TotalMinutes)).OrderBy(m => m).ToList();
        double? median = minutes.Count == 0 ? null : minutes.Count % 2 == 1 ? minutes[minutes.Count / 2] : (minutes[minutes.Count / 2 - 1] + minutes[minutes.Count / 2]) / 2;
        Assert.Equal(new PrescriptionFigures(decided.Count, decided.Count(p => p.Status != PrescriptionStatus.Rejected),
            decided.Count(p => p.Status == PrescriptionStatus.Rejected), median), r.Prescriptions);

        // Deliveries per courier, by the day they were delivered; on time = delivered by PromisedBy
        var done = deliveries.Where(d => d.State == DeliveryState.Delivered && d.DeliveredAt is { } at && In(at) && d.CourierId != null).ToList();
        var couriers = done.GroupBy(d => d.CourierId!.Value).Select(g =>
        {
            var u = users.Single(x => x.Id == g.Key);
            var onTime = g.Count(d => d.DeliveredAt <= d.PromisedBy);
            return new CourierFigures(g.Key, u.FullName, u.PhoneNumber!, g.Count(), onTime, (int)Math.Round(100.0 * onTime / g.Count(), MidpointRounding.AwayFromZero));
        }).OrderByDescending(c => c.Delivered).ThenBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.CourierId).ToList();
        Assert.Equal(couriers, r.Couriers);

        // Stock alerts: live, over active products
        var active = products.Where(p => p.IsActive && p.DeletedAt == null)
            .Select(p => new StockItem(p.Id, p.Name, stock.Where(s => s.ProductId == p.Id).Sum(s => s.Quantity), p.ExpiryDate)).ToList();
        var low = active.Where(p => p.Stock <= lowStockThreshold).OrderBy(p => p.Stock).ThenBy(p => p.ProductId).ToList();
        Assert.Equal(lowStockThreshold, r.Stock.LowStockThreshold);
        Assert.Equal(low.Count, r.Stock.LowStockCount);
        Assert.Equal(low.Take(DashboardService.AlertRows).ToList(), r.Stock.LowStock);
        var today = r.Today;
        var expiring = active.Where(p => p.ExpiryDate is { } e && e <= today.AddDays(DashboardService.ExpiringWithinDays) && p.Stock > 0)
            .OrderBy(p => p.ExpiryDate).ThenBy(p => p.ProductId).ToList();
        Assert.Equal(expiring.Count, r.Stock.ExpiringCount);
        Assert.Equal(expiring.Take(DashboardService.AlertRows).ToList(), r.Stock.Expiring);
    }
}
