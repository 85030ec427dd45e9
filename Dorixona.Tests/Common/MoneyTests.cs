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
        Assert.Equal(shown, Money.Format(som, "uz"));

    [Theory]
    [InlineData("uz", "12 500 so'm")]
    [InlineData("en", "12 500 so'm")]
    [InlineData("ru", "12 500 сум")]
    public void The_unit_reads_in_the_chosen_language(string language, string shown) =>
        Assert.Equal(shown, Money.Format(12500, language));

    [Theory]
    [InlineData("ru", "ru-RU", "1 234 567 сум")]
    [InlineData("uz", "ru-RU", "1 234 567 so'm")]
    [InlineData("en", "de-DE", "1 234 567 so'm")]
    [InlineData("uz", "en-US", "1 234 567 so'm")]
    public void The_unit_follows_the_UI_language_and_the_grouping_ignores_the_number_culture(string ui, string numbers, string shown)
    {
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(numbers);
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(ui);
            Assert.Equal(shown, Money.Format(1234567));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
        }
    }

    [Theory]
    [InlineData(312.5, "uz", "312,5 so'm")]
    [InlineData(1250, "ru", "1 250 сум")]
    [InlineData(83.33, "en", "83,33 so'm")]
    public void Unit_prices_keep_up_to_two_decimals(double som, string language, string shown) =>
        Assert.Equal(shown, Money.Format((decimal)som, language));
}
