using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Orders;

/// <summary>The delivery addresses a customer used before, most recent first, to pick from at checkout.</summary>
public sealed class SavedAddresses(DorixonaDbContext db)
{
    public async Task<IReadOnlyList<SavedAddress>> ListAsync(Guid userId, int take = 5, CancellationToken ct = default) =>
        await db.SavedAddresses.AsNoTracking().Where(a => a.UserId == userId)
            .OrderByDescending(a => a.LastUsedAt).ThenByDescending(a => a.Id).Take(take).ToListAsync(ct);
}

public sealed record PickupBranch(int Id, string Name, string Address, string OpeningHours, string Phone, double Latitude = 0, double Longitude = 0)
{
    /// <summary>Kilometres from a point, when both are known (a branch at 0,0 has no position).</summary>
    public double? DistanceKm((double Lat, double Lon)? from) =>
        from is { } f && (Latitude != 0 || Longitude != 0) ? global::Dorixona.Core.Delivery.ZoneGeometry.DistanceKm(f.Lat, f.Lon, Latitude, Longitude) : null;

    /// <summary>Nearest first from a known point (those without a position last), else by name.</summary>
    public static IReadOnlyList<PickupBranch> Nearest(IReadOnlyList<PickupBranch> branches, (double Lat, double Lon)? from) =>
        branches.OrderBy(b => b.DistanceKm(from) ?? double.MaxValue).ThenBy(b => b.Name, StringComparer.Ordinal).ToList();
}

/// <summary>
/// Where a cart can be picked up: the active shops (not the warehouse) holding every line in the wanted
/// quantity, the same rule <see cref="CheckoutService"/> applies when the order is placed.
/// </summary>
public sealed class PickupBranches(DorixonaDbContext db)
{
    public async Task<IReadOnlyList<PickupBranch>> HoldingAllAsync(IReadOnlyList<(int ProductId, int Quantity)> lines, CancellationToken ct = default)
    {
        if (lines.Count == 0) return [];
        var ids = lines.Select(l => l.ProductId).Distinct().ToList();
        var stock = await db.BranchStock.AsNoTracking().Where(s => ids.Contains(s.ProductId) && s.Quantity > 0)
            .Select(s => new { s.BranchId, s.ProductId, s.Quantity }).ToListAsync(ct);
        var holding = stock.GroupBy(s => s.BranchId)
            .Where(g => lines.All(l => g.Any(s => s.ProductId == l.ProductId && s.Quantity >= l.Quantity)))
            .Select(g => g.Key).ToList();
        return await db.Branches.AsNoTracking().Where(b => holding.Contains(b.Id) && b.IsActive && !b.IsWarehouse).OrderBy(b => b.Name)
            .Select(b => new PickupBranch(b.Id, b.Name, b.Address, b.OpeningHours, b.Phone, b.Latitude, b.Longitude)).ToListAsync(ct);
    }
}

public sealed record OperatorOrderRow(long Id, OrderStatus Status, Fulfilment Fulfilment, PaymentMethod PaymentMethod, long Total,
    string CustomerPhone, string BranchName, bool HasPrescriptionItems, DateTime CreatedAt)
{
    public string Number => Order.NumberFor(Id);
}

/// <summary>The operators' list: newest first, optionally one status. (The full board comes later.)</summary>
public sealed class OperatorOrders(DorixonaDbContext db)
{
    public async Task<IReadOnlyList<OperatorOrderRow>> ListAsync(OrderStatus? status, int take = 100, CancellationToken ct = default) =>
        await (from o in db.Orders.AsNoTracking()
               join b in db.Branches.AsNoTracking() on o.BranchId equals b.Id
               where status == null || o.Status == status
               orderby o.CreatedAt descending, o.Id descending
               select new OperatorOrderRow(o.Id, o.Status, o.Fulfilment, o.PaymentMethod, o.Total, o.ContactPhone, b.Name,
                   o.HasPrescriptionItems, o.CreatedAt)).Take(take).ToListAsync(ct);
}
