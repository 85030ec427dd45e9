using System.Text;

namespace Dorixona.Core.Common;

/// <summary>Uzbek mobile numbers: stored as <c>+998XXXXXXXXX</c>, shown as <c>+998 90 123 45 67</c>.</summary>
public static class PhoneNumber
{
    /// <summary>
    /// Accepts the ways people write a number: "+998 90 123-45-67", "998901234567", "90 123 45 67",
    /// "8 90 123 45 67" (old trunk prefix), "(90) 1234567". Returns null when it is not a 9-digit Uzbek number.
    /// </summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return null;
        var digits = new StringBuilder(16);
        foreach (var c in input.Trim())
        {
            if (char.IsAsciiDigit(c)) digits.Append(c);
            else if (c is ' ' or '-' or '(' or ')' or '.' or '\u00A0') continue;
            else if (c == '+' && digits.Length == 0) continue;
            else return null;
        }
        var d = digits.ToString();
        if (d.Length == 12 && d.StartsWith("998", StringComparison.Ordinal)) d = d[3..];
        else if (d.Length == 10 && d[0] == '8') d = d[1..];
        if (d.Length != 9 || d[0] == '0') return null;
        return "+998" + d;
    }

    public static string Format(string? normalized)
    {
        if (normalized is null || normalized.Length != 13 || !normalized.StartsWith("+998", StringComparison.Ordinal))
            return normalized ?? "";
        return $"+998 {normalized.AsSpan(4, 2)} {normalized.AsSpan(6, 3)} {normalized.AsSpan(9, 2)} {normalized.AsSpan(11, 2)}";
    }
}
