using System.Text;
using Bunit;
using Dorixona.Core.Catalog.Search;
using Dorixona.Core.Identity;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Admin.Catalog;
using Microsoft.AspNetCore.Components.Forms;

namespace Dorixona.Tests.Components.Admin.Catalog;

public sealed class ImportPageTests(SqliteDatabase database) : CatalogPageTest(database)
{
    [Theory]
    [MemberData(nameof(OtherRoles))]
    public async Task The_import_page_refuses_everyone_but_the_admin(string role)
    {
        await SignInStaffAsync(role);

        var page = RenderPage<ImportPage>();

        Assert.NotNull(page.Find("#" + NotAuthorizedMarker));
        Assert.Empty(page.FindAll("#file"));
    }

    [Fact]
    public async Task The_check_lists_row_errors_then_a_clean_file_imports_after_its_check()
    {
        await SignInStaffAsync(Roles.Admin);
        var (category, substance, manufacturer) = await Catalog.CsvReferencesAsync();
        var marker = CatalogBuilder.Unique("Pageimport");
        var bad = TestCsv.Text(TestCsv.Row(CatalogBuilder.Unique("p-"), category, substance, manufacturer, ("dosage_form", "potion")));
        var good = TestCsv.Text(TestCsv.Row(CatalogBuilder.Unique("p-"), category, substance, manufacturer, ("name", marker)));
        var page = RenderPage<ImportPage>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Encoding.UTF8.GetBytes(bad), "bad.csv", contentType: "text/csv"));
        page.WaitForAssertion(() => Assert.Equal(["2", "dosage_form", "Noma’lum dori shakli.", "potion"],
            page.FindAll("[data-testid=import-report] tbody tr td").Select(td => td.TextContent.Trim())));
        Assert.True(page.Find("[data-testid=import-run]").HasAttribute("disabled"));

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Encoding.UTF8.GetBytes(good), "good.csv", contentType: "text/csv"));
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=import-run]").HasAttribute("disabled")));
        Assert.Empty((await Catalog.PublicAsync()).Search(new CatalogQuery { Text = marker }).Items);
        await page.Find("[data-testid=import-run]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.True(page.Find("[data-testid=import-run]").HasAttribute("disabled")));
        Assert.Single((await Catalog.PublicAsync()).Search(new CatalogQuery { Text = marker }).Items);
        Assert.Equal("Import qilindi: 1 ta yangi, 0 ta yangilandi.", Said[^1]);
    }

    [Fact]
    public async Task A_file_not_named_csv_is_refused_beside_the_file_field()
    {
        await SignInStaffAsync(Roles.Admin);
        var page = RenderPage<ImportPage>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Encoding.UTF8.GetBytes("slug,name\n"), "notes.txt", contentType: "text/plain"));

        page.WaitForAssertion(() => Assert.Equal("CSV faylni tanlang.", page.Find("#file-error").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=import-report]"));
    }
}
