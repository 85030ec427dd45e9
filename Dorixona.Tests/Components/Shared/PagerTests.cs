using Bunit;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Shared;

namespace Dorixona.Tests.Components.Shared;

public sealed class PagerTests : ComponentTest
{
    private IRenderedComponent<Pager> RenderPager(int page, int pages) =>
        Render<Pager>(p => p.Add(x => x.Page, page).Add(x => x.Pages, pages).Add(x => x.Href, n => $"/list?q=a&page={n}"));

    private static string[] Numbers(IRenderedComponent<Pager> cut) =>
        cut.FindAll("li.page-item").Select(li => li.TextContent.Trim()).Where(t => t is not ("‹" or "›")).ToArray();

    [Fact]
    public void Renders_nothing_when_everything_fits_on_one_page()
    {
        Assert.Empty(RenderPager(1, 1).Nodes);
        Assert.Empty(RenderPager(1, 0).Nodes);
    }

    [Fact]
    public void The_current_page_is_marked_and_the_others_link_through_the_callers_href()
    {
        var cut = RenderPager(2, 3);

        var current = cut.Find("a[aria-current=page]");
        Assert.Equal("2", current.TextContent);
        Assert.Contains("active", current.ParentElement!.ClassList);
        Assert.Equal("/list?q=a&page=3", cut.Find("a[rel=next]").GetAttribute("href"));
        Assert.Equal("/list?q=a&page=1", cut.Find("a[rel=prev]").GetAttribute("href"));
        Assert.Equal("Sahifalar", cut.Find("nav").GetAttribute("aria-label"));
        Assert.Equal("Keyingi sahifa", cut.Find("a[rel=next]").GetAttribute("aria-label"));
    }

    [Fact]
    public void The_first_page_has_no_previous_link_and_the_last_no_next_link()
    {
        var first = RenderPager(1, 4);
        Assert.Empty(first.FindAll("a[rel=prev]"));
        Assert.Contains("disabled", first.FindAll("li.page-item")[0].ClassList);
        Assert.NotEmpty(first.FindAll("a[rel=next]"));

        var last = RenderPager(4, 4);
        Assert.Empty(last.FindAll("a[rel=next]"));
        Assert.Contains("disabled", last.FindAll("li.page-item")[^1].ClassList);
        Assert.DoesNotContain(last.FindAll("a"), a => a.GetAttribute("href")!.EndsWith("page=5", StringComparison.Ordinal));
    }

    [Fact]
    public void Far_pages_fold_into_gaps_around_the_current_one()
    {
        Assert.Equal(["1", "…", "8", "9", "10", "11", "12", "…", "20"], Numbers(RenderPager(10, 20)));
        Assert.Equal(["1", "2", "3", "…", "20"], Numbers(RenderPager(1, 20)));
        Assert.Equal(["1", "2", "3", "4", "5"], Numbers(RenderPager(3, 5)));
    }

    [Theory]
    [InlineData(0, 25, 0)]
    [InlineData(25, 25, 1)]
    [InlineData(26, 25, 2)]
    [InlineData(101, 50, 3)]
    public void Counts_the_pages_rows_make(int total, int pageSize, int pages) =>
        Assert.Equal(pages, Pager.Count(total, pageSize));
}
