using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Delivery;

public sealed record ZoneInput(string? Name, string? Region, string? Districts, string? Polygon, long? Fee, bool IsActive, int SortOrder);

/// <summary>Which zone serves an address and for what fee; the admin's zone editing.</summary>
public sealed class DeliveryZones(DorixonaDbContext db, Settings.IShopSettings settings) : IDeliveryPricing
{
    public async Task<DeliveryQuote?> QuoteAsync(string? region, string? district, long itemsTotal, CancellationToken ct = default)
    {
        var zone = await MatchAsync(region, district, ct);
        if (zone is null) return null;
        var freeAbove = (await settings.GetAsync(ct)).FreeDeliveryAbove;
        var fee = freeAbove > 0 && itemsTotal >= freeAbove ? 0 : zone.Fee;
        return new DeliveryQuote(zone.Id, zone.Name, fee, zone.Fee, freeAbove);
    }

    /// <summary>
    /// The cart's estimate before any address is typed: the given (saved) address's zone, else the shop's first
    /// active zone, with the same free-delivery threshold checkout applies.
    /// </summary>
    public async Task<DeliveryQuote?> EstimateAsync(string? region, string? district, long itemsTotal, CancellationToken ct = default)
    {
        if (await QuoteAsync(region, district, itemsTotal, ct) is { } quote) return quote;
        var zone = await db.DeliveryZones.AsNoTracking().Where(z => z.IsActive).OrderBy(z => z.SortOrder).ThenBy(z => z.Id).FirstOrDefaultAsync(ct);
        if (zone is null) return null;
        var freeAbove = (await settings.GetAsync(ct)).FreeDeliveryAbove;
        return new DeliveryQuote(zone.Id, zone.Name, freeAbove > 0 && itemsTotal >= freeAbove ? 0 : zone.Fee, zone.Fee, freeAbove);
    }

    public async Task<DeliveryZone?> MatchAsync(string? region, string? district, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(region) || string.IsNullOrWhiteSpace(district)) return null;
        var r = region.Trim();
        var zones = await db.DeliveryZones.AsNoTracking().Where(z => z.IsActive && z.Region == r).OrderBy(z => z.SortOrder).ThenBy(z => z.Id).ToListAsync(ct);
        return Match(zones, district);
    }

    public static DeliveryZone? Match(IEnumerable<DeliveryZone> zones, string district)
    {
        var folded = ZoneGeometry.Fold(district);
        var centre = ZoneGeometry.Centre(district);
        foreach (var z in zones)
        {
            if (z.DistrictList().Any(d => ZoneGeometry.Fold(d) == folded)) return z;
            if (centre is { } c && z.PolygonPoints() is { } poly && ZoneGeometry.Contains(poly, c.Lat, c.Lon)) return z;
        }
        return null;
    }

    public async Task<IReadOnlyList<DeliveryZone>> ListAsync(CancellationToken ct = default) =>
        await db.DeliveryZones.AsNoTracking().OrderBy(z => z.SortOrder).ThenBy(z => z.Name).ToListAsync(ct);

    public Task<DeliveryZone?> GetAsync(int id, CancellationToken ct = default) =>
        db.DeliveryZones.AsNoTracking().SingleOrDefaultAsync(z => z.Id == id, ct);

    /// <summary>Creates (id null) or updates a zone; field errors and nothing changed when the input is wrong.</summary>
    public async Task<Result<int>> SaveAsync(int? id, ZoneInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100) errors.Add(new("name", "zone.name"));
        var region = input.Region?.Trim() ?? "";
        if (!Orders.Districts.Regions.Contains(region)) errors.Add(new("region", "zone.region"));
        var districts = string.Join('\n', (input.Districts ?? "").Split(['\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (districts.Length > 2000) errors.Add(new("districts", "zone.districtsTooLong"));
        var polygon = string.IsNullOrWhiteSpace(input.Polygon) ? null : input.Polygon.Trim();
        if (polygon is not null && (polygon.Length > 4000 || ZoneGeometry.ParsePolygon(polygon) is null)) errors.Add(new("polygon", "zone.polygon"));
        if (districts.Length == 0 && polygon is null) errors.Add(new("districts", "zone.areaRequired"));
        if (input.Fee is not { } fee || fee < 0 || fee > 1_000_000) errors.Add(new("fee", "zone.fee"));
        if (errors.Count == 0 && await db.DeliveryZones.AnyAsync(z => z.Name == name && z.Id != (id ?? 0), ct)) errors.Add(new("name", "zone.nameTaken"));
        if (errors.Count > 0) return Result<int>.Fail(errors);

        var zone = id is { } existing ? await db.DeliveryZones.SingleOrDefaultAsync(z => z.Id == existing, ct) : new DeliveryZone();
        if (zone is null) return Result<int>.Fail(null, "zone.notFound");
        zone.Name = name;
        zone.Region = region;
        zone.Districts = districts;
        zone.Polygon = polygon;
        zone.Fee = input.Fee!.Value;
        zone.IsActive = input.IsActive;
        zone.SortOrder = input.SortOrder;
        if (id is null) db.DeliveryZones.Add(zone);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Result<int>.Fail("name", "zone.nameTaken");
        }
        return Result<int>.Ok(zone.Id);
    }
}
