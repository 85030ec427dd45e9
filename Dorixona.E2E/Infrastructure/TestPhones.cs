namespace Dorixona.E2E.Infrastructure;

/// <summary>Phone numbers no other test (or earlier run on the same database) has used.</summary>
public static class TestPhones
{
    /// <summary>A new +99891 number, written the way people type it: "91 234 56 78".</summary>
    public static (string Typed, string Normalized) New()
    {
        var digits = Random.Shared.Next(0, 10_000_000).ToString("D7");
        return ($"91 {digits[..3]} {digits[3..5]} {digits[5..]}", "+99891" + digits);
    }
}
