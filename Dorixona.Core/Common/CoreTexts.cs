using System.Globalization;
using System.Resources;

namespace Dorixona.Core.Common;

/// <summary>
/// Reads Core's texts (<c>.resx</c> beside each feature's messages class: Uzbek neutral, <c>.ru</c>, <c>.en</c>) in the
/// recipient's language, which is passed in explicitly: a notification goes out in the customer's chosen language,
/// not in the language of whoever's request caused it.
/// </summary>
public static class CoreTexts
{
    public static readonly IReadOnlyList<string> Languages = ["uz", "ru", "en"];

    /// <summary>Uzbek unless the person chose Russian or English.</summary>
    public static CultureInfo Culture(string? language) =>
        CultureInfo.GetCultureInfo(language is "ru" or "en" ? language : "uz");

    public static string Text(this ResourceManager resources, string key, string? language, params object[] args)
    {
        var culture = Culture(language);
        var format = resources.GetString(key, culture) ?? throw new InvalidOperationException($"Core has no text '{key}'.");
        return args.Length == 0 ? format : string.Format(culture, format, args);
    }

    /// <summary>"AwaitingPayment" → "awaitingPayment": how enum values name their texts.</summary>
    public static string Key(Enum value)
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
