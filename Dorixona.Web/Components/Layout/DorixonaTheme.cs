using MudBlazor;

namespace Dorixona.Web.Components.Layout;

/// <summary>
/// The one look of the staff portals: Dorixona's teal (the shop's <c>--dx-primary</c>), its type and radii. The storefront's
/// CSS custom properties carry the same values, so shop and portals read as one product.
/// </summary>
public static class DorixonaTheme
{
    public const string Primary = "#0f766e";

    public static readonly MudTheme Value = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = Primary,
            PrimaryDarken = "#115e59",
            PrimaryLighten = "#14b8a6",
            Secondary = "#0e7490",
            Tertiary = "#4d7c0f",
            Info = "#0369a1",
            Success = "#15803d",
            Warning = "#b45309",
            Error = "#b91c1c",
            AppbarBackground = Primary,
            AppbarText = "#ffffff",
            Background = "#f5f7f7",
            DrawerBackground = "#ffffff",
            DrawerText = "#1f2937",
            DrawerIcon = "#0f766e",
            TextPrimary = "#1f2937",
            TextSecondary = "#4b5563",
            ActionDefault = "#374151",
        },
        LayoutProperties = new LayoutProperties
        {
            DefaultBorderRadius = "8px",
            DrawerWidthLeft = "248px",
        },
        // The type scale the shop's CSS repeats (--dx-h4-size …): page titles are H4, sections H5, cards H6.
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Noto Sans", "Helvetica Neue", "Arial", "sans-serif"],
            },
            H4 = new H4Typography { FontSize = "1.5rem", FontWeight = "600" },
            H5 = new H5Typography { FontSize = "1.25rem", FontWeight = "600" },
            H6 = new H6Typography { FontSize = "1.0625rem", FontWeight = "600" },
            Body1 = new Body1Typography { FontSize = "1rem" },
            Body2 = new Body2Typography { FontSize = ".875rem" },
            Caption = new CaptionTypography { FontSize = ".75rem" },
        },
    };
}
