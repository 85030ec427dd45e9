namespace Dorixona.Core.Dashboard;

/// <summary>Tashkent calendar days (UTC+5 all year, no daylight saving since 1992): what the dashboard counts by.</summary>
public static class TashkentDays
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(5);

    public static DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(utc + Offset);

    /// <summary>The UTC instant the Tashkent day starts (19:00 UTC the evening before).</summary>
    public static DateTime StartUtc(DateOnly day) => DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue) - Offset, DateTimeKind.Utc);

    public static DateOnly Today(TimeProvider clock) => DayOf(clock.GetUtcNow().UtcDateTime);

    public static DateTime ToLocal(DateTime utc) => DateTime.SpecifyKind(utc + Offset, DateTimeKind.Unspecified);
}
