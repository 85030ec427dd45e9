using System.Globalization;

namespace Dorixona.Web.Infrastructure;

public static class Tashkent
{
    private static readonly TimeZoneInfo Zone = Find();

    public static DateTime FromUtc(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public static string Format(DateTime utc, string format = "dd.MM.yyyy HH:mm") => FromUtc(utc).ToString(format, CultureInfo.CurrentCulture);

    private static TimeZoneInfo Find()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Tashkent");
        }
        catch (TimeZoneNotFoundException)
        {
            // Machines without tzdata: Uzbekistan has kept UTC+5 all year since 1992.
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Tashkent", TimeSpan.FromHours(5), "Tashkent", "Tashkent");
        }
    }
}
