using Bunit;
using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Identity;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Admin.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Components.Admin.Catalog;

public sealed class CategoryEditTests(SqliteDatabase database) : CatalogPageTest(database)
{
    [Theory]
    [MemberData(nameof(OtherRoles))]
    public async Task Reference_pages_refuse_everyone_but_the_admin(string role)
    {
        await SignInStaffAsync(role);

        Assert.NotNull(RenderPage<CategoryEdit>().Find("#" + NotAuthorizedMarker));
        Assert.NotNull(RenderPage<CategoryList>().Find("#" + NotAuthorizedMarker));
        Assert.NotNull(RenderPage<BranchList>().Find("#" + NotAuthorizedMarker));
    }

    [Fact]
    public async Task The_lists_show_their_rows_with_links_to_edit_them()
    {
        await SignInStaffAsync(Roles.Admin);
        var branch = await Catalog.BranchAsync();
        var manufacturer = await Catalog.ManufacturerAsync();
        var substance = await Catalog.SubstanceAsync();

        // One page at a time, as a browser shows them: each brings its portal frame and MudBlazor's providers.
        Assert.NotNull(RenderPage<BranchList>().Find($"a[href='/admin/catalog/branches/{branch}']"));
        await DisposeComponentsAsync();
        Assert.NotNull(RenderPage<ManufacturerList>().Find($"a[href='/admin/catalog/manufacturers/{manufacturer}']"));
        await DisposeComponentsAsync();
        Assert.NotNull(RenderPage<SubstanceList>().Find($"a[href='/admin/catalog/substances/{substance}']"));
        await DisposeComponentsAsync();
        Assert.NotEmpty(RenderPage<CategoryList>().FindAll("a[href^='/admin/catalog/categories/']"));
    }

    [Fact]
    public async Task A_new_category_opens_for_editing_and_a_taken_slug_shows_beside_its_field_keeping_the_input()
    {
        await SignInStaffAsync(Roles.Admin);
        var slug = CatalogBuilder.Unique("form-");
        var page = RenderPage<CategoryEdit>();
        page.WaitForElement("#slug");
        await TypeAsync(page, "slug", slug);
        await TypeAsync(page, "nameUz", "Shamollash");
        await TypeAsync(page, "nameRu", "Простуда");
        await TypeAsync(page, "nameEn", "Colds");

        await page.Find("[data-testid=save]").ClickAsync(new());

        var created = (await Catalog.UseAsync((CategoryAdmin s) => s.ListAsync())).Single(c => c.Slug == slug);
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        Assert.EndsWith($"/admin/catalog/categories/{created.Id}", navigation.Uri, StringComparison.Ordinal);
        Assert.Equal("Saqlandi.", Said[^1]);

        await DisposeComponentsAsync();
        var again = RenderPage<CategoryEdit>();
        again.WaitForElement("#slug");
        await TypeAsync(again, "slug", slug);
        await TypeAsync(again, "nameUz", "Boshqa");
        await TypeAsync(again, "nameRu", "Другая");
        await TypeAsync(again, "nameEn", "Other");
        await again.Find("[data-testid=save]").ClickAsync(new());

        again.WaitForAssertion(() => Assert.StartsWith("Bu slug band", ErrorBeside(again, "slug"), StringComparison.Ordinal));
        Assert.Equal(slug, again.Find("#slug").GetAttribute("value"));
        Assert.Equal("Boshqa", again.Find("#nameUz").GetAttribute("value"));
        Assert.Single((await Catalog.UseAsync((CategoryAdmin s) => s.ListAsync())), c => c.Slug == slug);
    }

    [Fact]
    public async Task Deactivating_a_branch_asks_in_a_dialog_first()
    {
        await SignInStaffAsync(Roles.Admin);
        var branch = await Catalog.BranchAsync();
        var page = RenderPage<BranchEdit>(("Id", branch));
        page.WaitForElement("[data-testid=deactivate]");

        // The click's handler waits for the dialog's answer: it finishes once the dialog is answered.
        var asking = page.Find("[data-testid=deactivate]").ClickAsync(new());
        page.WaitForElement(".mud-dialog");
        Assert.True((await Catalog.UseAsync((BranchAdmin s) => s.FindAsync(branch)))!.IsActive);
        await page.Find(".mud-dialog").QuerySelectorAll("button").First(b => b.TextContent.Trim() == "Nofaol qilish").ClickAsync(new());
        await asking;

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=activate]")));
        Assert.False((await Catalog.UseAsync((BranchAdmin s) => s.FindAsync(branch)))!.IsActive);
    }
}
