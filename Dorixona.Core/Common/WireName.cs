namespace Dorixona.Core.Common;

/// <summary>
/// How enums read outside C#: in the JSON API, URLs, form values, data attributes and resource keys
/// ("AwaitingPayment" ↔ "awaitingPayment"). Parsing ignores case and refuses numbers, so "3" is not a state.
/// </summary>
public static class WireName
{
    public static string Of(Enum value)
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    public static bool TryParse<T>(string? value, out T result) where T : struct, Enum =>
        Enum.TryParse(value, ignoreCase: true, out result) && Enum.IsDefined(result) && !(value ?? "").Any(char.IsAsciiDigit);
}
