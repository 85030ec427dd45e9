using System.Globalization;

namespace Dorixona.Tests.Infrastructure;

/// <summary>A phone number no other test in this run uses, so tests sharing a class database stay apart.</summary>
public static class TestPhones
{
    private static int _next = 1_000_000;

    public static string Next() => "+99893" + Interlocked.Increment(ref _next).ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>How Eskiz wants the number: digits only.</summary>
    public static string Digits(string phone) => phone.TrimStart('+');
}
