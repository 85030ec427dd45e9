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
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Noto Sans", "Helvetica Neue", "Arial", "sans-serif"],
            },
        },
    };
}
