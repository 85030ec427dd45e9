using System.Globalization;
using System.Text.RegularExpressions;

namespace Dorixona.Tests.Infrastructure;

public static partial class SmsCode
{
    /// <summary>The 4-digit code in an SMS text, as the person reading it would find it.</summary>
    public static string In(string smsText)
    {
        var match = FourDigits().Match(smsText);
        Assert.True(match.Success, $"No 4-digit code in the SMS \"{smsText}\"");
        return match.Value;
    }

    /// <summary>A well-formed code that is not <paramref name="right"/>.</summary>
    public static string Wrong(string right, int offset = 1)
    {
        var wrong = (int.Parse(right, CultureInfo.InvariantCulture) + offset) % 10_000;
        return wrong.ToString("D4", CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"(?<!\d)\d{4}(?!\d)")]
    private static partial Regex FourDigits();
}
