using System.Globalization;
using Dorixona.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Dorixona.Web.Components.Shared;

/// <summary>
/// A data grid's pager as markup inside the grid's own <c>PagerContent</c>: the "first–last / total" caption and the four
/// page buttons of <c>MudDataGridPager</c>, with its CSS classes and words, but no component. <c>MudDataGridPager</c> is
/// eleven components (tool bar, caption text, four icon buttons with their icons); on a page staff keep open all day
/// each costs every circuit ~4 KB (decision 0051). The grid re-renders its pager content whenever its page or data changes.
/// </summary>
public static class GridPager
{
    private static readonly (Page Page, string Icon, string Text)[] Buttons =
    [
        (Page.First, Icons.Material.Filled.FirstPage, "MudDataGridPager_FirstPage"),
        (Page.Previous, Icons.Material.Filled.NavigateBefore, "MudDataGridPager_PreviousPage"),
        (Page.Next, Icons.Material.Filled.NavigateNext, "MudDataGridPager_NextPage"),
        (Page.Last, Icons.Material.Filled.LastPage, "MudDataGridPager_LastPage"),
    ];

    public static RenderFragment For<T>(MudDataGrid<T>? grid, IStringLocalizer<MudStrings> texts) => builder =>
    {
        if (grid is null) return;
        var total = grid.GetFilteredItemsCount();
        var first = total == 0 ? 0 : grid.CurrentPage * grid.RowsPerPage + 1;
        var last = Math.Min((grid.CurrentPage + 1) * grid.RowsPerPage, total);
        var atStart = grid.CurrentPage == 0;
        var atEnd = (grid.CurrentPage + 1) * grid.RowsPerPage >= total;
        var culture = CultureInfo.CurrentCulture;

        builder.OpenElement(0, "div");
        builder.AddAttribute(1, "class", "mud-toolbar mud-toolbar-gutters mud-table-pagination-toolbar");
        builder.AddMarkupContent(2, "<div class=\"mud-table-pagination-spacer\"></div>");
        builder.OpenElement(3, "p");
        builder.AddAttribute(4, "class", "mud-typography mud-typography-body2 mud-table-pagination-caption");
        builder.AddAttribute(5, "translate", "no");
        builder.AddContent(6, texts["MudDataGridPager_InfoFormat", first.ToString("N0", culture), last.ToString("N0", culture), total.ToString("N0", culture)].Value);
        builder.CloseElement();
        builder.OpenElement(7, "div");
        builder.AddAttribute(8, "class", "mud-table-pagination-actions");
        foreach (var (page, icon, text) in Buttons)
        {
            builder.OpenElement(9, "button");
            builder.SetKey(page);
            builder.AddAttribute(10, "type", "button");
            builder.AddAttribute(11, "class", "mud-button-root mud-icon-button mud-ripple mud-ripple-icon mud-flip-x-rtl");
            builder.AddAttribute(12, "aria-label", texts[text].Value);
            builder.AddAttribute(13, "disabled", page is Page.First or Page.Previous ? atStart : atEnd);
            builder.AddAttribute(14, "onclick", EventCallback.Factory.Create<MouseEventArgs>(grid, () => grid.NavigateTo(page)));
            builder.OpenElement(15, "span");
            builder.AddAttribute(16, "class", "mud-icon-button-label");
            builder.AddContent(17, PortalIcons.Svg(icon));
            builder.CloseElement();
            builder.CloseElement();
        }
        builder.CloseElement();
        builder.CloseElement();
    };
}
