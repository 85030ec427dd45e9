using System.Globalization;

namespace Dorixona.Core.Common;

/// <summary>
/// Tashkent time, the one clock people here read: UTC+5 all year (no daylight saving since 1992). Instants are stored in
/// UTC; calendar days, "today", report ranges, schedules and what screens show are Tashkent's.
/// </summary>
public static class Tashkent
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(5);

    /// <summary>For schedulers that want a zone (Quartz cron); the system's Asia/Tashkent when tzdata is there.</summary>
    public static readonly TimeZoneInfo Zone = FindZone();

    public static DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(utc + Offset);

    /// <summary>The UTC instant the Tashkent day starts (19:00 UTC the evening before).</summary>
    public static DateTime StartUtc(DateOnly day) => DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue) - Offset, DateTimeKind.Utc);

    public static DateOnly Today(TimeProvider clock) => DayOf(clock.GetUtcNow().UtcDateTime);

    public static DateTime ToLocal(DateTime utc) => DateTime.SpecifyKind(utc + Offset, DateTimeKind.Unspecified);

    public static string Format(DateTime utc, string format = "dd.MM.yyyy HH:mm") => ToLocal(utc).ToString(format, CultureInfo.CurrentCulture);

    /// <summary>A <c>yyyy-MM-dd</c> day from a query string or form, or null.</summary>
    public static DateOnly? ParseDay(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Tashkent");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Tashkent", Offset, "Tashkent", "Tashkent");
        }
    }
}
