using Bunit;
using Dorixona.Core.Catalog.Search;
using Dorixona.Core.Identity;
using Dorixona.Tests.Components.Admin.Catalog;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Admin.Search;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Components.Admin.Search;

/// <summary>The admin's list of complaints search understands, and its edit page.</summary>
public sealed class ComplaintPagesTests(SqliteDatabase database) : CatalogPageTest(database)
{
    private async Task<(int Complaint, int Category)> ComplaintAsync(string? slug = null)
    {
        var category = await Catalog.SubcategoryAsync();
        var created = await Catalog.UseAsync((ComplaintAdmin s) => s.CreateAsync(new ComplaintInput
        {
            Slug = slug ?? CatalogBuilder.Unique("complaint-"), NameUz = "Hiqichoq", NameRu = "Икота", NameEn = "Hiccups",
            Synonyms = "hiqichoq\nикота\nикоты", CategoryIds = [category],
        }));
        Assert.True(created.Succeeded);
        return (created.Value, category);
    }

    [Fact]
    public async Task The_list_shows_each_complaint_with_its_synonyms_and_a_link_to_edit_it()
    {
        await SignInStaffAsync(Roles.Admin);
        var (complaint, _) = await ComplaintAsync();

        var page = RenderPage<ComplaintList>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find($"a[href='/admin/search/complaints/{complaint}']")));
        Assert.Contains("hiqichoq, икота, икоты", page.Find("[data-testid=complaint-list]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OtherRoles))]
    public async Task The_complaint_pages_refuse_everyone_but_the_admin(string role)
    {
        await SignInStaffAsync(role);

        Assert.NotNull(RenderPage<ComplaintList>().Find("#" + NotAuthorizedMarker));
        await DisposeComponentsAsync();
        Assert.NotNull(RenderPage<ComplaintEdit>().Find("#" + NotAuthorizedMarker));
    }

    [Fact]
    public async Task A_taken_slug_and_an_overlong_synonym_show_beside_their_fields_and_keep_what_was_typed()
    {
        await SignInStaffAsync(Roles.Admin);
        var slug = CatalogBuilder.Unique("complaint-");
        var (_, category) = await ComplaintAsync(slug);
        var page = RenderPage<ComplaintEdit>();
        page.WaitForElement("#slug");
        await TypeAsync(page, "slug", slug);
        await TypeAsync(page, "nameUz", "Boshqa");
        await TypeAsync(page, "nameRu", "Другая");
        await TypeAsync(page, "nameEn", "Other");
        await TypeAsync(page, "synonyms", "boshqa\n" + new string('x', Complaint.MaxSynonymLength + 1));

        await page.Find("[data-testid=save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.StartsWith("Bu slug band", ErrorBeside(page, "slug"), StringComparison.Ordinal));
        Assert.Contains("juda uzun", ErrorBeside(page, "synonyms"), StringComparison.Ordinal);
        Assert.Equal("", ErrorBeside(page, "nameUz"));
        Assert.Equal("Boshqa", page.Find("#nameUz").GetAttribute("value"));
        Assert.Single(await Catalog.UseAsync((ComplaintAdmin s) => s.ListAsync()), c => c.Slug == slug);
        Assert.Contains(category, (await Catalog.UseAsync((ComplaintAdmin s) => s.ListAsync())).Single(c => c.Slug == slug).CategoryIds);
    }

    [Fact]
    public async Task A_new_complaint_is_saved_and_search_answers_it_at_once()
    {
        await SignInStaffAsync(Roles.Admin);
        var category = await Catalog.SubcategoryAsync();
        var product = await Catalog.ProductAsync(p => p.CategoryId = category);
        var slug = CatalogBuilder.Unique("complaint-");
        var page = RenderPage<ComplaintEdit>();
        page.WaitForElement("#slug");
        await TypeAsync(page, "slug", slug);
        await TypeAsync(page, "nameUz", "Qaltiroq");
        await TypeAsync(page, "nameRu", "Озноб");
        await TypeAsync(page, "nameEn", "Chills");
        await TypeAsync(page, "synonyms", "qaltiroq, знобит");
        await page.InvokeAsync(() => page.FindComponents<MudBlazor.MudSelect<int>>().Single().Instance.SelectedValuesChanged.InvokeAsync([category]));

        await page.Find("[data-testid=save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("Saqlandi.", Said[^1]));
        var created = (await Catalog.UseAsync((ComplaintAdmin s) => s.ListAsync())).Single(c => c.Slug == slug);
        Assert.EndsWith($"/admin/search/complaints/{created.Id}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        var found = (await Catalog.PublicAsync()).Search(new CatalogQuery { Text = "знобит" });
        Assert.Equal(slug, found.Complaint?.Slug);
        Assert.Equal([product], found.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Deleting_a_complaint_asks_in_a_dialog_first()
    {
        await SignInStaffAsync(Roles.Admin);
        var (complaint, _) = await ComplaintAsync();
        var page = RenderPage<ComplaintEdit>(("Id", complaint));
        page.WaitForElement("[data-testid=delete]");

        var asking = page.Find("[data-testid=delete]").ClickAsync(new());
        page.WaitForElement(".mud-dialog");
        Assert.NotNull(await Catalog.UseAsync((ComplaintAdmin s) => s.FindAsync(complaint)));
        await page.Find(".mud-dialog").QuerySelectorAll("button").First(b => b.TextContent.Trim() == "O‘chirish").ClickAsync(new());
        await asking;

        page.WaitForAssertion(() => Assert.Equal("O‘chirildi.", Said[^1]));
        Assert.Null(await Catalog.UseAsync((ComplaintAdmin s) => s.FindAsync(complaint)));
        Assert.EndsWith("/admin/search/complaints", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }
}
