using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Delivery;

/// <summary>
/// An area we deliver to, with its fee. An address is in the zone when its region matches and either its
/// district is on <see cref="Districts"/> or the district's known centre lies inside <see cref="Polygon"/>.
/// </summary>
public sealed class DeliveryZone
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Region { get; set; } = "";
    /// <summary>District names, one per line (matched ignoring case and apostrophes).</summary>
    public string Districts { get; set; } = "";
    /// <summary>Optional outline: "lat,lon" points separated by ";" (at least three).</summary>
    public string? Polygon { get; set; }
    public long Fee { get; set; }
    public bool IsActive { get; set; } = true;
    public int SortOrder { get; set; }

    public IReadOnlyList<string> DistrictList() =>
        Districts.Split(['\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IReadOnlyList<(double Lat, double Lon)>? PolygonPoints() => ZoneGeometry.ParsePolygon(Polygon);
}

internal sealed class DeliveryZoneConfiguration : IEntityTypeConfiguration<DeliveryZone>
{
    public void Configure(EntityTypeBuilder<DeliveryZone> b)
    {
        b.ToTable("DeliveryZones");
        b.Property(z => z.Name).HasMaxLength(100);
        b.Property(z => z.Region).HasMaxLength(64);
        b.Property(z => z.Districts).HasMaxLength(2000);
        b.Property(z => z.Polygon).HasMaxLength(4000);
        b.HasIndex(z => z.Name).IsUnique();
    }
}

/// <summary>Points, polygons, distances: the little geometry delivery needs.</summary>
public static class ZoneGeometry
{
    /// <summary>District centres we know (Tashkent city and the towns around it), for polygons and ETAs.</summary>
    public static readonly IReadOnlyDictionary<string, (double Lat, double Lon)> Centres = BuildCentres();

    private static Dictionary<string, (double, double)> BuildCentres()
    {
        var d = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        foreach (var (name, c) in Orders.Districts.Tashkent) d[Fold(name)] = c;
        d[Fold("Qibray")] = (41.3890, 69.4650);
        d[Fold("Zangiota")] = (41.1950, 69.1450);
        d[Fold("Toshkent tumani")] = (41.4300, 69.2200);
        d[Fold("Yangiyo‘l")] = (41.1120, 69.0470);
        d[Fold("Chirchiq")] = (41.4690, 69.5820);
        d[Fold("Nurafshon")] = (41.0580, 69.3580);
        return d;
    }

    /// <summary>Lower case, no apostrophes of any kind, single spaces: "Mirzo Ulug‘bek" = "mirzo ulugbek".</summary>
    public static string Fold(string? s) =>
        string.Join(' ', new string((s ?? "").ToLowerInvariant().Where(c => c is not ('\'' or '‘' or '’' or 'ʻ' or 'ʼ' or '`')).ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));

    public static (double Lat, double Lon)? Centre(string? district) => Centres.TryGetValue(Fold(district), out var c) ? c : null;

    public static IReadOnlyList<(double Lat, double Lon)>? ParsePolygon(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var points = new List<(double, double)>();
        foreach (var pair in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length != 2
                || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
                || lat is < -90 or > 90 || lon is < -180 or > 180) return null;
            points.Add((lat, lon));
        }
        return points.Count >= 3 ? points : null;
    }

    /// <summary>Ray casting; fine at city scale.</summary>
    public static bool Contains(IReadOnlyList<(double Lat, double Lon)> polygon, double lat, double lon)
    {
        var inside = false;
        for (int i = 0, j = polygon.Count - 1; i < polygon.Count; j = i++)
        {
            var (yi, xi) = polygon[i];
            var (yj, xj) = polygon[j];
            if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) inside = !inside;
        }
        return inside;
    }

    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6371;
        var dLat = (lat2 - lat1) * Math.PI / 180;
        var dLon = (lon2 - lon1) * Math.PI / 180;
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
            + Math.Cos(lat1 * Math.PI / 180) * Math.Cos(lat2 * Math.PI / 180) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * R * Math.Asin(Math.Sqrt(a));
    }
}
