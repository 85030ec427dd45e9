namespace Dorixona.Core.Orders;

/// <summary>
/// Where Tashkent's districts roughly are, to serve a delivery from the nearest branch that holds
/// everything. Addresses elsewhere fall back to the warehouse first. (Delivery zones and fees come with
/// the delivery feature and will replace this.)
/// </summary>
public static class Districts
{
    public const string TashkentCity = "Toshkent shahri";
    public const string TashkentRegion = "Toshkent viloyati";

    public static readonly IReadOnlyList<string> Regions = [TashkentCity, TashkentRegion];

    public static readonly IReadOnlyDictionary<string, (double Lat, double Lon)> Tashkent = new Dictionary<string, (double, double)>
    {
        ["Bektemir"] = (41.2090, 69.3340),
        ["Chilonzor"] = (41.2756, 69.2034),
        ["Mirobod"] = (41.2890, 69.2810),
        ["Mirzo Ulug‘bek"] = (41.3380, 69.3350),
        ["Olmazor"] = (41.3420, 69.2150),
        ["Sergeli"] = (41.2250, 69.2200),
        ["Shayxontohur"] = (41.3260, 69.2280),
        ["Uchtepa"] = (41.2900, 69.1700),
        ["Yakkasaroy"] = (41.2850, 69.2550),
        ["Yangihayot"] = (41.2000, 69.1900),
        ["Yashnobod"] = (41.2960, 69.3320),
        ["Yunusobod"] = (41.3640, 69.2870),
    };

    public static double? DistanceKm(string? district, double lat, double lon)
    {
        if (district is null || !Tashkent.TryGetValue(district, out var c)) return null;
        const double R = 6371;
        var dLat = (lat - c.Lat) * Math.PI / 180;
        var dLon = (lon - c.Lon) * Math.PI / 180;
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(c.Lat * Math.PI / 180) * Math.Cos(lat * Math.PI / 180) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * R * Math.Asin(Math.Sqrt(a));
    }
}
