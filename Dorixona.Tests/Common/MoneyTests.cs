using System.Globalization;
using Dorixona.Core.Common;

namespace Dorixona.Tests.Common;

public sealed class MoneyTests
{
    [Theory]
    [InlineData(12500, "12 500 so'm")]
    [InlineData(0, "0 so'm")]
    [InlineData(999, "999 so'm")]
    [InlineData(1234567, "1 234 567 so'm")]
    public void Prices_are_whole_som_grouped_by_thousands(long som, string shown) =>
        Assert.Equal(shown, Money.Format(som));

    [Theory]
    [InlineData("ru-RU")]
    [InlineData("uz-Latn-UZ")]
    [InlineData("en-US")]
    [InlineData("de-DE")]
    public void Prices_read_the_same_in_every_language(string culture)
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
            Assert.Equal("1 234 567 so'm", Money.Format(1234567));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
