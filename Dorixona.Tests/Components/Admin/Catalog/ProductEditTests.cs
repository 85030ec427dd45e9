using Bunit;
using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Admin.Catalog;
using Dorixona.Web.Components.Shared;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Dorixona.Tests.Components.Admin.Catalog;

public sealed class ProductEditTests(SqliteDatabase database) : CatalogPageTest(database)
{
    [Fact]
    public async Task The_product_form_opens_for_the_admin_with_the_products_values()
    {
        await SignInStaffAsync(Roles.Admin);
        var id = await Catalog.ProductAsync(p => p.OldPrice = 30_000);

        var page = RenderPage<ProductEdit>(("Id", id));

        page.WaitForAssertion(() => Assert.Equal("12500", page.Find("#price").GetAttribute("value")));
        Assert.Equal("30000", page.Find("#oldPrice").GetAttribute("value"));
        Assert.NotNull(page.Find("#stock"));
        Assert.NotNull(page.Find("#images"));
    }

    [Theory]
    [MemberData(nameof(OtherRoles))]
    public async Task The_product_form_refuses_everyone_but_the_admin(string role)
    {
        await SignInStaffAsync(role);
        var id = await Catalog.ProductAsync();

        var page = RenderPage<ProductEdit>(("Id", id));

        Assert.NotNull(page.Find("#" + NotAuthorizedMarker));
        Assert.Empty(page.FindAll("#price"));
    }

    [Fact]
    public async Task Refused_fields_show_their_errors_beside_themselves_keep_what_was_typed_and_save_nothing()
    {
        await SignInStaffAsync(Roles.Admin);
        var id = await Catalog.ProductAsync();
        var page = RenderPage<ProductEdit>(("Id", id));
        page.WaitForElement("#price");

        await NumberAsync(page, "price", 0L);
        await TypeAsync(page, "barcode", "123");
        await page.Find("[data-testid=save]").ClickAsync(new());

        var text = Services.GetRequiredService<IStringLocalizer<SharedStrings>>();
        page.WaitForAssertion(() => Assert.Equal(text.Error(new FieldError("barcode", "product.barcode")), ErrorBeside(page, "barcode")));
        Assert.NotEmpty(ErrorBeside(page, "price"));
        Assert.Empty(ErrorBeside(page, "name"));
        Assert.Equal("123", page.Find("#barcode").GetAttribute("value"));
        Assert.Equal("0", page.Find("#price").GetAttribute("value"));
        Assert.StartsWith("Saqlanmadi", Said[^1], StringComparison.Ordinal);
        Assert.Equal(12_500, (await Catalog.UseAsync((ProductAdmin s) => s.FindAsync(id)))!.Price);
    }

    [Fact]
    public async Task A_saved_name_and_price_are_said_in_a_snackbar_and_reach_the_shop_at_once()
    {
        await SignInStaffAsync(Roles.Admin);
        var id = await Catalog.ProductAsync(p => p.OldPrice = 30_000);
        var name = "Edited " + CatalogBuilder.Unique("");
        var page = RenderPage<ProductEdit>(("Id", id));
        page.WaitForElement("#price");

        await TypeAsync(page, "name", name);
        await NumberAsync(page, "price", 27_500L);
        await page.Find("[data-testid=save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(name, page.Find("[data-testid=editor-title]").TextContent.Trim()));
        Assert.Equal("Saqlandi.", Said[^1]);
        var card = (await Catalog.PublicAsync()).Find(id)!;
        Assert.Equal((name, 27_500L, 30_000L), (card.Name, card.Price, card.OldPrice!.Value));
        var product = (await Catalog.UseAsync((ProductAdmin s) => s.FindAsync(id)))!;
        Assert.Equal(("500 mg", "Test product"), (product.Strength, product.Description));
    }

    [Fact]
    public async Task Russian_and_English_descriptions_are_edited_beside_the_Uzbek_one_and_saved()
    {
        await SignInStaffAsync(Roles.Admin);
        var id = await Catalog.ProductAsync(p => p.DescriptionRu = "Старое описание");
        var page = RenderPage<ProductEdit>(("Id", id));
        page.WaitForAssertion(() => Assert.Equal("Старое описание", page.Find("#descriptionRu") is var field ? field.GetAttribute("value") ?? field.TextContent : null));

        await TypeAsync(page, "descriptionRu", "Снимает спазм.");
        await TypeAsync(page, "descriptionEn", "Eases cramps.");
        await page.Find("[data-testid=save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("Saqlandi.", Said[^1]));
        var product = (await Catalog.UseAsync((ProductAdmin s) => s.FindAsync(id)))!;
        Assert.Equal(("Test product", "Снимает спазм.", "Eases cramps."), (product.Description, product.DescriptionRu, product.DescriptionEn));
    }

    [Fact]
    public async Task The_leaflet_is_edited_per_language_saved_and_read_back_into_the_form()
    {
        await SignInStaffAsync(Roles.Admin);
        var id = await Catalog.ProductAsync(p => p.Leaflet = new() { Uz = new("Isitma", null, null, null, null, null) });
        var page = RenderPage<ProductEdit>(("Id", id));
        page.WaitForAssertion(() => Assert.Equal("Isitma", FieldText(page, "leaflet-uz-indications")));

        await TypeAsync(page, "leaflet-ru-dosage", "По 1 таблетке 3 раза в день.");
        await TypeAsync(page, "leaflet-en-storage", "Below 25 °C.");
        await page.Find("[data-testid=save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("Saqlandi.", Said[^1]));
        var leaflet = (await Catalog.UseAsync((ProductAdmin s) => s.FindAsync(id)))!.Leaflet!;
        Assert.Equal(("Isitma", "По 1 таблетке 3 раза в день.", "Below 25 °C."), (leaflet.Uz.Indications, leaflet.Ru.Dosage, leaflet.En.Storage));
        // The form reads the saved product back: what it shows now is what was stored.
        Assert.Equal("По 1 таблетке 3 раза в день.", FieldText(page, "leaflet-ru-dosage"));
        Assert.Equal("Below 25 °C.", FieldText(page, "leaflet-en-storage"));
        Assert.Equal("Isitma", FieldText(page, "leaflet-uz-indications"));
    }

    [Fact]
    public async Task A_leaflet_section_too_long_is_refused_beside_itself_marks_its_tab_and_keeps_every_text_typed()
    {
        await SignInStaffAsync(Roles.Admin);
        var id = await Catalog.ProductAsync();
        var page = RenderPage<ProductEdit>(("Id", id));
        page.WaitForElement("#leaflet-uz-indications");
        var tooLong = new string('я', 4001);

        await TypeAsync(page, "leaflet-uz-indications", "Bosh og‘rig‘i");
        await TypeAsync(page, "leaflet-ru-sideEffects", tooLong);
        await page.Find("[data-testid=save]").ClickAsync(new());

        var text = Services.GetRequiredService<IStringLocalizer<SharedStrings>>();
        page.WaitForAssertion(() => Assert.Equal(text.Error(new FieldError("leaflet.ru.sideEffects", "value.tooLong", 4000)), ErrorBeside(page, "leaflet-ru-sideEffects")));
        Assert.Empty(ErrorBeside(page, "leaflet-uz-indications"));
        Assert.Equal("Bosh og‘rig‘i", FieldText(page, "leaflet-uz-indications"));
        Assert.Equal(tooLong, FieldText(page, "leaflet-ru-sideEffects"));
        Assert.Single(page.FindAll("[data-testid=leaflet] .mud-badge"));
        Assert.StartsWith("Saqlanmadi", Said[^1], StringComparison.Ordinal);
        Assert.Null((await Catalog.UseAsync((ProductAdmin s) => s.FindAsync(id)))!.Leaflet);
    }

    private static string? FieldText(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> page, string inputId) =>
        page.Find("#" + inputId) is var field ? field.GetAttribute("value") ?? field.TextContent : null;

    [Fact]
    public async Task Stock_added_shows_in_the_table_and_ledger_and_going_below_zero_is_refused_beside_the_stock_field()
    {
        await SignInStaffAsync(Roles.Admin);
        var product = await Catalog.ProductAsync();
        var branch = await Catalog.BranchAsync();
        var code = (await Catalog.UseAsync((BranchAdmin s) => s.FindAsync(branch)))!.Code;
        var page = RenderPage<ProductEdit>(("Id", product));
        page.WaitForElement("#delta");

        await ChooseAsync(page, "branchId", branch);
        await NumberAsync(page, "delta", 6);
        await TypeAsync(page, "reason", "Kirim 21.11");
        await page.Find("[data-testid=stock-apply]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("6", page.Find($"[data-branch='{code}']").TextContent.Trim()));
        Assert.Contains("Kirim 21.11", page.Find("[data-testid=stock-ledger]").TextContent, StringComparison.Ordinal);
        Assert.Equal($"Zaxira o‘zgardi: {code} filialida endi 6 dona.", Said[^1]);
        Assert.Empty(ErrorBeside(page, "delta"));

        await NumberAsync(page, "delta", -7);
        await TypeAsync(page, "reason", "Singan");
        await page.Find("[data-testid=stock-apply]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("Qoldiq yetarli emas: zaxira noldan kam bo‘lolmaydi.", ErrorBeside(page, "delta")));
        Assert.Equal("6", page.Find($"[data-branch='{code}']").TextContent.Trim());
        Assert.Equal("-7", page.Find("#delta").GetAttribute("value"));
        Assert.StartsWith("Zaxira o‘zgarmadi", Said[^1], StringComparison.Ordinal);
        Assert.Equal(1, await Catalog.QueryAsync(db => db.StockLedger.CountAsync(e => e.ProductId == product)));
    }

    [Fact]
    public async Task Stock_changed_elsewhere_re_renders_the_stock_table_without_a_reload()
    {
        var admin = await SignInStaffAsync(Roles.Admin);
        var product = await Catalog.ProductAsync();
        var branch = await Catalog.BranchAsync();
        var code = (await Catalog.UseAsync((BranchAdmin s) => s.FindAsync(branch)))!.Code;
        var page = RenderPage<ProductEdit>(("Id", product));
        page.WaitForAssertion(() => Assert.Equal("0", page.Find($"[data-branch='{code}']").TextContent.Trim()));

        await InScopeAsync<StockAdmin>(s => s.AdjustAsync(new StockAdjustment(product, branch, 9, "Boshqa admin"), admin.Id));

        page.WaitForAssertion(() => Assert.Equal("9", page.Find($"[data-branch='{code}']").TextContent.Trim()), TimeSpan.FromSeconds(5));
        Assert.Contains("Boshqa admin", page.Find("[data-testid=stock-ledger]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deactivating_asks_in_a_dialog_first_and_changes_nothing_until_confirmed()
    {
        await SignInStaffAsync(Roles.Admin);
        var id = await Catalog.ProductAsync();
        var page = RenderPage<ProductEdit>(("Id", id));
        page.WaitForElement("[data-testid=deactivate]");

        // The click's handler waits for the dialog's answer: it finishes once the dialog is answered.
        var asking = page.Find("[data-testid=deactivate]").ClickAsync(new());
        page.WaitForElement(".mud-dialog");
        Assert.True((await Catalog.UseAsync((ProductAdmin s) => s.FindAsync(id)))!.IsActive);
        await Button(page, "Bekor qilish").ClickAsync(new());
        await asking;
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        Assert.True((await Catalog.UseAsync((ProductAdmin s) => s.FindAsync(id)))!.IsActive);

        var confirming = page.Find("[data-testid=deactivate]").ClickAsync(new());
        page.WaitForElement(".mud-dialog");
        await page.Find(".mud-dialog").QuerySelectorAll("button").First(b => b.TextContent.Trim() == "Nofaol qilish").ClickAsync(new());
        await confirming;

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=activate]")));
        Assert.False((await Catalog.UseAsync((ProductAdmin s) => s.FindAsync(id)))!.IsActive);
        Assert.Null((await Catalog.PublicAsync()).Find(id));
        Assert.Equal("Holat o‘zgartirildi.", Said[^1]);
    }

    [Fact]
    public async Task A_picture_uploaded_shows_on_the_product_page_and_text_is_refused_beside_the_file_field()
    {
        await SignInStaffAsync(Roles.Admin);
        var id = await Catalog.ProductAsync();
        var page = RenderPage<ProductEdit>(("Id", id));
        page.WaitForElement("#file");

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(TestImages.Png, "photo.png", contentType: "image/png"));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("#images img")));
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(TestImages.Text, "photo.jpg", contentType: "image/jpeg"));

        page.WaitForAssertion(() => Assert.Equal("Bu JPEG, PNG yoki WebP rasm emas.", page.Find("#file-error").TextContent.Trim()));
        Assert.Single(page.FindAll("#images img"));
        Assert.Single((await Catalog.UseAsync((ProductAdmin s) => s.FindAsync(id)))!.Images);
    }
}
