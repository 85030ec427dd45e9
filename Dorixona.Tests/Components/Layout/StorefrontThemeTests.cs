using System.Text.RegularExpressions;
using Dorixona.Tests.Texts;
using Dorixona.Web.Components.Layout;
using MudBlazor.Utilities;

namespace Dorixona.Tests.Components.Layout;

/// <summary>The shop's CSS carries the portals' MudTheme as custom properties, and nothing of Bootstrap's stock blue.</summary>
public sealed partial class StorefrontThemeTests
{
    private static readonly string Css = File.ReadAllText(Path.Combine(SourceTree.Root, "Dorixona.Web/wwwroot/css/site.css"));

    private static string Token(string name)
    {
        var m = Regex.Match(Css, @"--" + Regex.Escape(name) + @"\s*:\s*([^;]+);");
        Assert.True(m.Success, $"site.css defines no --{name}");
        return m.Groups[1].Value.Trim();
    }

    private static string Hex(object colour) => new MudColor(colour.ToString()!).ToString(MudColorOutputFormats.Hex);

    private static string Squash(string value) => Regex.Replace(value, @"[\s""]", "").Replace("px", "", StringComparison.Ordinal);

    [Fact]
    public void The_shop_colours_radii_type_and_elevation_are_the_portals_theme()
    {
        var theme = DorixonaTheme.Value;
        var palette = theme.PaletteLight;

        Assert.Equal(Hex(palette.Primary), Hex(Token("dx-primary")));
        Assert.Equal(Hex(palette.PrimaryDarken), Hex(Token("dx-primary-darken")));
        Assert.Equal(Hex(palette.PrimaryLighten), Hex(Token("dx-primary-lighten")));
        Assert.Equal(Hex(palette.Secondary), Hex(Token("dx-secondary")));
        Assert.Equal(Hex(palette.Success), Hex(Token("dx-success")));
        Assert.Equal(Hex(palette.Warning), Hex(Token("dx-warning")));
        Assert.Equal(Hex(palette.Error), Hex(Token("dx-error")));
        Assert.Equal(Hex(palette.Background), Hex(Token("dx-background")));
        Assert.Equal(Hex(palette.TextPrimary), Hex(Token("dx-text")));
        Assert.Equal(theme.LayoutProperties.DefaultBorderRadius, Token("dx-radius"));
        Assert.Equal(theme.Typography.H4.FontSize, Token("dx-h4-size"));
        Assert.Equal(theme.Typography.H5.FontSize, Token("dx-h5-size"));
        Assert.Equal(theme.Typography.H6.FontSize, Token("dx-h6-size"));
        Assert.Equal(theme.Typography.Body2.FontSize, Token("dx-body2-size"));
        Assert.Equal(theme.Typography.H5.FontWeight, Token("dx-heading-weight"));
        Assert.Equal(Squash(string.Join(",", theme.Typography.Default.FontFamily!)), Squash(Token("dx-font-family")));
        Assert.Equal(Squash(theme.Shadows.Elevation[1]), Squash(Token("dx-elevation-1")));
        Assert.Equal(Squash(theme.Shadows.Elevation[2]), Squash(Token("dx-elevation-2")));
    }

    [Fact]
    public void Bootstrap_reads_the_theme_and_no_stock_blue_is_written_anywhere_in_the_shop_css()
    {
        Assert.Equal("var(--dx-primary)", Token("bs-primary"));
        Assert.Equal("var(--dx-primary)", Token("bs-link-color"));
        Assert.Equal("var(--dx-primary-rgb)", Token("bs-primary-rgb"));
        Assert.Equal("var(--dx-primary)", Token("bs-pagination-active-bg"));
        Assert.Contains("--dx-primary", Token("bs-focus-ring-color"), StringComparison.Ordinal);
        Assert.DoesNotMatch(StockBlue(), Css);
        Assert.Matches(@"\.form-control:focus[^{]*\{[^}]*var\(--dx-focus-ring\)", Css);
        Assert.Matches(@"\.form-check-input:checked[^{]*\{[^}]*var\(--dx-primary\)", Css);
    }

    [Fact]
    public void On_phones_only_a_bar_of_at_most_64_px_stays_fixed_and_the_rest_of_the_header_scrolls_away()
    {
        var bar = int.Parse(Token("dx-bar-height").Replace("px", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        var phone = Regex.Match(Css, @"@media \(max-width: 767\.98px\) \{(?<body>(?:[^{}]*\{[^}]*\})*)\s*\}").Groups["body"].Value;

        Assert.InRange(bar, 44, 64);
        Assert.Matches(@"\.dx-bar-wrap \{[^}]*position: fixed", phone);
        Assert.Matches(@"\.dx-header \{[^}]*padding-top: var\(--dx-bar-height\)", phone);
        Assert.DoesNotMatch(@"\.dx-header \{[^}]*position: (sticky|fixed)", phone);
        Assert.Matches(@"\.dx-bar \{[^}]*height: var\(--dx-bar-height\)", Css);
    }

    [GeneratedRegex("#0d6efd|#86b7fe|#0a58ca|13, ?110, ?253", RegexOptions.IgnoreCase)]
    private static partial Regex StockBlue();
}
