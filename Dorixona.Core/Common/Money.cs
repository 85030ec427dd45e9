using System.Globalization;

namespace Dorixona.Core.Common;

/// <summary>Money is whole so'm (<see cref="long"/>), shown as "12 500 so'm" in every language.</summary>
public static class Money
{
    private static readonly NumberFormatInfo Grouping = new() { NumberGroupSeparator = " ", NumberGroupSizes = [3] };

    public static string Format(long som) => som.ToString("#,0", Grouping) + " so'm";

    public static long ToTiyin(long som) => checked(som * 100);
}
