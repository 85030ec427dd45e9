using Dorixona.Core.Catalog.Search;

namespace Dorixona.Tests.Catalog;

public sealed class SearchTextTests
{
    [Theory]
    [InlineData("Paracetamol", "парацетамол")]
    [InlineData("Paracetamol", "paratsetamol")]
    [InlineData("Citramon", "цитрамон")]
    [InlineData("Citramon", "sitramon")]
    [InlineData("Amoxicillin", "амоксициллин")]
    [InlineData("Amoxicillin", "amoksitsillin")]
    [InlineData("Loratadine", "лоратадин")]
    [InlineData("Analgin", "анальгин")]
    [InlineData("Corvalol", "корвалол")]
    [InlineData("Smecta", "смекта")]
    [InlineData("Xolesterin", "холестерин")]
    public void Spellings_of_one_name_fold_to_the_same_word(string a, string b) =>
        Assert.Equal(SearchText.Tokens(a), SearchText.Tokens(b));

    [Theory]
    [InlineData("og‘riq", "og'riq")]
    [InlineData("oʻgʻriq", "og`riq")]
    [InlineData("Ўғриқ", "ogriq")]
    [InlineData("Йод", "yod")]
    [InlineData("Ёд", "yod")]
    [InlineData("Crème", "creme")]
    public void Uzbek_apostrophes_and_cyrillic_letters_do_not_matter(string a, string b) =>
        Assert.Equal(SearchText.Tokens(a), SearchText.Tokens(b));

    [Theory]
    [InlineData("wbnhfvjy", "цитрамон")]
    [InlineData("gfhfwtnfvjk", "парацетамол")]
    [InlineData("сшекфьщт", "citramon")]
    public void Text_typed_on_the_wrong_keyboard_layout_is_recovered(string typed, string meant) =>
        Assert.Equal(meant, SearchText.SwapKeyboardLayout(typed));

    [Theory]
    [InlineData("parasetamol", "parasitamol", 1)]
    [InlineData("nurofen", "nurofne", 1)]
    [InlineData("ibuprofen", "ibuprfoen", 1)]
    [InlineData("mezim", "mezim", 0)]
    public void Distance_counts_edits_and_adjacent_swaps(string a, string b, int expected) =>
        Assert.Equal(expected, SearchText.Distance(a, b, 2));

    [Fact]
    public void Distance_stops_early_beyond_the_limit() =>
        Assert.Equal(2, SearchText.Distance("paracetamol", "ibuprofen", 1));
}
