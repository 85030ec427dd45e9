using Bunit;
using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Identity;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Admin.Catalog;

namespace Dorixona.Tests.Components.Admin.Catalog;

public sealed class ProductListTests(SqliteDatabase database) : CatalogPageTest(database)
{
    [Fact]
    public async Task The_grid_shows_one_page_of_products_with_the_total_for_the_admin()
    {
        await SignInStaffAsync(Roles.Admin);
        var total = (await Catalog.UseAsync((ProductAdmin s) => s.ListAsync(new ProductListQuery()))).Total;

        var page = RenderPage<ProductList>();

        page.WaitForAssertion(() => Assert.Equal($"({total})", page.Find("[data-testid=product-total]").TextContent.Trim()));
        Assert.InRange(page.FindAll("[data-testid=product-link]").Count, 1, 25);
    }

    [Theory]
    [MemberData(nameof(OtherRoles))]
    public async Task The_grid_refuses_everyone_but_the_admin(string role)
    {
        await SignInStaffAsync(role);

        var page = RenderPage<ProductList>();

        Assert.NotNull(page.Find("#" + NotAuthorizedMarker));
        Assert.Empty(page.FindAll("[data-testid=product-grid]"));
    }

    [Fact]
    public async Task Typing_in_the_search_filters_the_grid_in_the_database()
    {
        await SignInStaffAsync(Roles.Admin);
        var marker = "Gridfind" + CatalogBuilder.Unique("");
        var id = await Catalog.ProductAsync(p => (p.Name, p.Price) = (marker, 27_500));
        var page = RenderPage<ProductList>();
        page.WaitForElement("[data-testid=product-link]");

        await TypeAsync(page, "q", marker);

        page.WaitForAssertion(() => Assert.Equal("(1)", page.Find("[data-testid=product-total]").TextContent.Trim()));
        var link = Assert.Single(page.FindAll("[data-testid=product-link]"));
        Assert.Equal(marker, link.TextContent.Trim());
        Assert.Equal($"/admin/catalog/products/{id}", link.GetAttribute("href"));
        Assert.Equal("27 500 so'm", page.Find("[data-price]").TextContent.Trim());
    }

    [Fact]
    public async Task Choosing_inactive_shows_only_inactive_products()
    {
        await SignInStaffAsync(Roles.Admin);
        var id = await Catalog.ProductAsync();
        await Catalog.UseAsync((ProductAdmin s) => s.SetActiveAsync(id, false));
        var page = RenderPage<ProductList>();
        page.WaitForElement("[data-testid=product-link]");

        await ChooseAsync(page, "active", (bool?)false);

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid=product-link]"), a => a.GetAttribute("href") == $"/admin/catalog/products/{id}"));
        Assert.All(page.FindAll("[data-active]"), chip => Assert.Equal("false", chip.GetAttribute("data-active")));
    }
}
