using Dorixona.Core.Data;
using Dorixona.Core.Orders;
using Dorixona.Core.Prescriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Core.RoleDashboards;

public sealed record DashboardOrder(long Id, string Number, OrderStatus Status, long Total, int Items, DateTime CreatedAt);

/// <summary>What an approved prescription still lets the customer buy: a product or any product with a substance, how many.</summary>
public sealed record CoveredItem(int? ProductId, string? ProductSlug, string Name, string? NameRu, int Quantity);

public sealed record ActivePrescription(long Id, DateTime ValidUntil, IReadOnlyList<CoveredItem> Covers);

public sealed record DashboardNotification(long Id, string Title, string Body, string? Link, DateTime CreatedAt, bool Read);

public sealed record CustomerDashboardView(
    IReadOnlyList<DashboardOrder> Orders, int OrderCount, IReadOnlyList<ActivePrescription> Prescriptions, IReadOnlyList<DashboardNotification> Notifications, int Unread);

/// <summary>A signed-in customer's own overview: every query is filtered by their id, nothing else is ever read.</summary>
public sealed class CustomerDashboard(DorixonaDbContext db, TimeProvider clock)
{
    public const int Recent = 5;

    public async Task<CustomerDashboardView> LoadAsync(Guid userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var orders = await db.Orders.AsNoTracking().Where(o => o.UserId == userId)
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Take(Recent)
            .Select(o => new { o.Id, o.Status, o.Total, Items = o.Lines.Sum(l => l.Quantity), o.CreatedAt }).ToListAsync(ct);
        var orderCount = await db.Orders.CountAsync(o => o.UserId == userId, ct);

        var prescriptions = await db.Prescriptions.AsNoTracking()
            .Where(p => p.UserId == userId && p.Status == PrescriptionStatus.Approved && p.ValidUntil > now)
            .OrderBy(p => p.ValidUntil).ThenBy(p => p.Id).Select(p => new { p.Id, ValidUntil = p.ValidUntil!.Value }).ToListAsync(ct);
        var ids = prescriptions.Select(p => p.Id).ToList();
        var covers = (await (from i in db.PrescriptionItems.AsNoTracking()
                             where ids.Contains(i.PrescriptionId)
                             from p in db.Products.IgnoreQueryFilters().Where(p => p.Id == i.ProductId).DefaultIfEmpty()
                             from s in db.ActiveSubstances.Where(s => s.Id == i.SubstanceId).DefaultIfEmpty()
                             orderby i.Id
                             select new { i.PrescriptionId, i.ProductId, Slug = p == null ? null : p.Slug, ProductName = p == null ? null : p.Name,
                                 ProductNameRu = p == null ? null : p.NameRu, SubstanceName = s == null ? null : s.NameUz,
                                 SubstanceNameRu = s == null ? null : s.NameRu, i.Quantity }).ToListAsync(ct))
            .ToLookup(x => x.PrescriptionId, x => new CoveredItem(x.ProductId, x.Slug, x.ProductName ?? x.SubstanceName ?? "",
                x.ProductId is null ? x.SubstanceNameRu : x.ProductNameRu, x.Quantity));

        var notifications = await db.Notifications.AsNoTracking().Where(n => n.UserId == userId)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(Recent)
            .Select(n => new DashboardNotification(n.Id, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt != null)).ToListAsync(ct);
        var unread = await db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);

        return new CustomerDashboardView(
            orders.Select(o => new DashboardOrder(o.Id, Order.NumberFor(o.Id), o.Status, o.Total, o.Items, o.CreatedAt)).ToList(), orderCount,
            prescriptions.Select(p => new ActivePrescription(p.Id, p.ValidUntil, covers[p.Id].ToList())).ToList(), notifications, unread);
    }
}

public static class RoleDashboardServices
{
    /// <summary>The operator's and the customer's dashboards (the courier's run and stats live in Delivery).</summary>
    public static IServiceCollection AddRoleDashboards(this IServiceCollection services) =>
        services.AddScoped<OperatorDashboard>().AddScoped<CustomerDashboard>();
}
