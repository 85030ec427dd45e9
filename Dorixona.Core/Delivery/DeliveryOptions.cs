namespace Dorixona.Core.Delivery;

public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>Orders whose items cost at least this are delivered free (0 turns free delivery off).</summary>
    public long FreeAbove { get; set; } = 200_000;

    /// <summary>Straight-line speed used for the ETA.</summary>
    public double AverageSpeedKmh { get; set; } = 20;

    /// <summary>"On time" means delivered within this many minutes of the delivery becoming ready.</summary>
    public int PromisedMinutes { get; set; } = 120;

    /// <summary>Map tiles for the customer's map; {s},{z},{x},{y} as Leaflet expects. Empty: list only.</summary>
    public string TileUrl { get; set; } = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

    public string TileAttribution { get; set; } = "© OpenStreetMap";

    /// <summary>Wrong handover codes before the code is locked (then only photo and note remain).</summary>
    public int MaxCodeAttempts { get; set; } = 5;

    public int PhotoMaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Positions older than this are deleted by the purge job.</summary>
    public int PositionRetentionDays { get; set; } = 30;

    /// <summary>The browser shares at most one position per this many seconds; the server ignores faster posts.</summary>
    public int PositionIntervalSeconds { get; set; } = 15;
}
