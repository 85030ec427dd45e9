using System.Globalization;

namespace Dorixona.Core.Common;

/// <summary>
/// Money is whole so'm (<see cref="long"/>), grouped by thousands with a space. The unit follows the reader's language:
/// "12 500 сум" in Russian, "12 500 so'm" in Uzbek and English (the currency's own Latin name).
/// </summary>
public static class Money
{
    private static readonly NumberFormatInfo Grouping = new() { NumberGroupSeparator = " ", NumberGroupSizes = [3], NumberDecimalSeparator = "," };

    /// <summary>In the current UI language (the one the request or the circuit chose).</summary>
    public static string Format(long som) => Format(som, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);

    /// <summary>In <paramref name="language"/> ("uz", "ru", "en"); anything else reads as Uzbek.</summary>
    public static string Format(long som, string language) => som.ToString("#,0", Grouping) + " " + Unit(language);

    /// <summary>A price below one so'm per unit is still worth showing: up to two decimals, "312,5 so'm".</summary>
    public static string Format(decimal som, string language) => som.ToString("#,0.##", Grouping) + " " + Unit(language);

    public static string Format(decimal som) => Format(som, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);

    public static string Unit(string language) => language.StartsWith("ru", StringComparison.OrdinalIgnoreCase) ? "сум" : "so'm";

    public static long ToTiyin(long som) => checked(som * 100);
}
