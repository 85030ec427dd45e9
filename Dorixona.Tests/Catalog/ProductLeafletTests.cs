using System.Text;
using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Catalog.Import;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Catalog;

/// <summary>Issue 15: a product's leaflet through the admin service and the CSV import/export.</summary>
public abstract class ProductLeafletTests(DatabaseFixture database) : CatalogAdminTest(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : ProductLeafletTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : ProductLeafletTests(database), IClassFixture<PostgresDatabase>;

    internal static LeafletTranslations Sample(string tag = "") => new()
    {
        Uz = new("Isitma" + tag, "Kuniga 3 marta", "Jigar kasalligi", "Toshma", "Alkogol bilan ichmang", "25 °C dan past"),
        Ru = new("Температура" + tag, "3 раза в день", "", "Сыпь", "", ""),
        En = new("Fever" + tag, "", "", "", "", "Below 25 °C"),
    };

    private static string[] Flat(LeafletTranslations? l) => l is null ? [] :
        [.. new[] { l.Uz, l.Ru, l.En }.SelectMany(s => LeafletSections.Names.Select(n => s[n] ?? ""))];

    [Fact]
    public async Task An_admin_saves_a_leaflet_reads_it_back_and_empties_it_to_remove_it()
    {
        var id = await Catalog.ProductAsync(p => p.Leaflet = Sample());

        var saved = await Catalog.UseAsync((ProductAdmin s) => s.FindAsync(id));
        Assert.Equal(Flat(Sample()), Flat(saved!.Leaflet));

        var input = (await Catalog.UseAsync((ProductAdmin s) => s.GetInputAsync(id)))!;
        input.Leaflet!.Ru.Dosage = "  2 раза в день  ";
        Assert.True((await Catalog.UseAsync((ProductAdmin s) => s.UpdateAsync(id, input))).Succeeded);
        Assert.Equal("2 раза в день", (await Catalog.UseAsync((ProductAdmin s) => s.FindAsync(id)))!.Leaflet!.Ru.Dosage);

        input = (await Catalog.UseAsync((ProductAdmin s) => s.GetInputAsync(id)))!;
        input.Leaflet = new LeafletTranslations();
        Assert.True((await Catalog.UseAsync((ProductAdmin s) => s.UpdateAsync(id, input))).Succeeded);
        Assert.Null((await Catalog.UseAsync((ProductAdmin s) => s.FindAsync(id)))!.Leaflet);
        Assert.False(await Catalog.QueryAsync(db => db.Set<ProductLeaflet>().AnyAsync(l => l.ProductId == id)));
    }

    [Fact]
    public async Task A_save_without_a_leaflet_leaves_the_products_leaflet_as_it_is()
    {
        var id = await Catalog.ProductAsync(p => p.Leaflet = Sample());
        var input = (await Catalog.UseAsync((ProductAdmin s) => s.GetInputAsync(id)))!;
        input.Leaflet = null; // a client that predates leaflets
        input.Price += 100;

        Assert.True((await Catalog.UseAsync((ProductAdmin s) => s.UpdateAsync(id, input))).Succeeded);

        Assert.Equal(Flat(Sample()), Flat((await Catalog.UseAsync((ProductAdmin s) => s.FindAsync(id)))!.Leaflet));
    }

    [Fact]
    public async Task A_section_over_4000_characters_is_refused_on_its_field_and_changes_nothing()
    {
        var id = await Catalog.ProductAsync(p => p.Leaflet = Sample());
        var input = (await Catalog.UseAsync((ProductAdmin s) => s.GetInputAsync(id)))!;
        input.Leaflet!.En.SideEffects = new string('x', ProductLeaflet.MaxLength + 1);

        var result = await AssertChangesNothingAsync(
            () => Catalog.QueryAsync(async db => string.Join("|", Flat((await db.Set<ProductLeaflet>().AsNoTracking().SingleAsync(l => l.ProductId == id)).ToTranslations()))),
            () => Catalog.UseAsync((ProductAdmin s) => s.UpdateAsync(id, input)));

        AssertError(result, "leaflet.en.sideEffects", "value.tooLong");
    }

    [Fact]
    public void A_missing_translation_falls_back_to_uzbek_section_by_section()
    {
        var leaflet = Sample();

        var ru = leaflet.In("ru")!;
        var en = leaflet.In("en")!;

        Assert.Equal(("Температура", "3 раза в день", "Jigar kasalligi", "Сыпь", "Alkogol bilan ichmang", "25 °C dan past"),
            (ru.Indications, ru.Dosage, ru.Contraindications, ru.SideEffects, ru.Interactions, ru.Storage));
        Assert.Equal(("Fever", "Kuniga 3 marta", "Below 25 °C"), (en.Indications, en.Dosage, en.Storage));
        Assert.True(leaflet.FallsBack("en", "dosage"));
        Assert.False(leaflet.FallsBack("en", "storage"));
        Assert.False(leaflet.FallsBack("uz", "dosage"));
        var onlyRussian = new LeafletTranslations { Ru = new("Температура", null, null, null, null, null) };
        Assert.Null(onlyRussian.In("en")?.Dosage);
        Assert.Null(new LeafletTranslations().In("ru"));
    }

    [Fact]
    public async Task Export_then_import_keeps_every_leaflet_text_in_its_column()
    {
        var id = await Catalog.ProductAsync(p => p.Leaflet = Sample("; \"qo‘shtirnoq\", yangi\nqator"));
        var before = await LeafletAsync(id);

        var exported = await ExportAsync();
        var report = await Catalog.UseAsync((ImportUploads s) => s.ImportAsync(Utf8(exported), dryRun: false));

        Assert.True(report.Succeeded, string.Join("; ", report.Errors.Select(e => $"{e.Line} {e.Column} {e.Code}")));
        Assert.Equal(before, await LeafletAsync(id));
        Assert.Contains("leaflet_indications_uz,leaflet_indications_ru,leaflet_indications_en,leaflet_dosage_uz", exported, StringComparison.Ordinal);
        Assert.Contains("leaflet_side_effects_ru", exported, StringComparison.Ordinal);
        Assert.StartsWith(string.Join(",", [.. ProductCsv.Columns, .. ProductCsv.OptionalColumns]), exported.TrimStart('\uFEFF'), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_old_file_without_leaflet_columns_imports_as_before_and_leaves_leaflets_alone()
    {
        var id = await Catalog.ProductAsync(p => p.Leaflet = Sample());
        var slug = await Catalog.QueryAsync(db => db.Products.Where(p => p.Id == id).Select(p => p.Slug).SingleAsync());
        var refs = await Catalog.CsvReferencesAsync();
        var before = await LeafletAsync(id);
        var old = TestCsv.Text(TestCsv.Row(slug, refs.Category, refs.Substance, refs.Manufacturer, ("description", "Yangi tavsif")));
        Assert.DoesNotContain("leaflet_", old, StringComparison.Ordinal);

        var report = await Catalog.UseAsync((ImportUploads s) => s.ImportAsync(Utf8(old), dryRun: false));

        Assert.True(report.Succeeded);
        Assert.Equal((0, 1), (report.Created, report.Updated));
        Assert.Equal(before, await LeafletAsync(id));
    }

    [Fact]
    public async Task A_file_with_some_leaflet_columns_changes_those_texts_only_and_an_empty_cell_clears_one()
    {
        var id = await Catalog.ProductAsync(p => p.Leaflet = Sample());
        var slug = await Catalog.QueryAsync(db => db.Products.Where(p => p.Id == id).Select(p => p.Slug).SingleAsync());
        var refs = await Catalog.CsvReferencesAsync();
        var csv = TestCsv.Text(TestCsv.Row(slug, refs.Category, refs.Substance, refs.Manufacturer,
            ("leaflet_dosage_en", "Twice a day"), ("leaflet_side_effects_ru", "")));

        var report = await Catalog.UseAsync((ImportUploads s) => s.ImportAsync(Utf8(csv), dryRun: false));

        Assert.True(report.Succeeded);
        var expected = Sample();
        expected.En.Dosage = "Twice a day";
        expected.Ru.SideEffects = "";
        Assert.Equal(string.Join("|", Flat(expected)), await LeafletAsync(id));
    }

    [Fact]
    public async Task A_new_product_imported_with_leaflet_columns_gets_a_leaflet_and_one_with_empty_cells_gets_none()
    {
        var refs = await Catalog.CsvReferencesAsync();
        var (with, without) = (CatalogBuilder.Unique("lf-"), CatalogBuilder.Unique("lf-"));
        var csv = TestCsv.Text(
            TestCsv.Row(with, refs.Category, refs.Substance, refs.Manufacturer, ("leaflet_indications_uz", "Bosh og‘rig‘i"), ("leaflet_storage_ru", "В сухом месте")),
            TestCsv.Row(without, refs.Category, refs.Substance, refs.Manufacturer));

        var report = await Catalog.UseAsync((ImportUploads s) => s.ImportAsync(Utf8(csv), dryRun: false));

        Assert.True(report.Succeeded);
        var leaflets = await Catalog.QueryAsync(db => db.Products.Where(p => p.Slug == with || p.Slug == without)
            .Select(p => new { p.Slug, p.Leaflet }).ToListAsync());
        var leaflet = leaflets.Single(l => l.Slug == with).Leaflet!;
        Assert.Equal(("Bosh og‘rig‘i", "В сухом месте", ""), (leaflet.Indications, leaflet.StorageRu, leaflet.Dosage));
        Assert.Null(leaflets.Single(l => l.Slug == without).Leaflet);
    }

    [Fact]
    public async Task A_leaflet_cell_longer_than_4000_characters_is_refused_on_its_column()
    {
        var refs = await Catalog.CsvReferencesAsync();
        var csv = TestCsv.Text(TestCsv.Row(CatalogBuilder.Unique("long-"), refs.Category, refs.Substance, refs.Manufacturer,
            ("leaflet_interactions_ru", new string('a', ProductLeaflet.MaxLength + 1))));

        var report = await Catalog.UseAsync((ImportUploads s) => s.ImportAsync(Utf8(csv), dryRun: false));

        Assert.Equal([("leaflet_interactions_ru", "import.leaflet")], report.Errors.Select(e => (e.Column, e.Code)));
    }

    private Task<string> LeafletAsync(int productId) => Catalog.QueryAsync(async db =>
        string.Join("|", Flat((await db.Set<ProductLeaflet>().AsNoTracking().SingleAsync(l => l.ProductId == productId)).ToTranslations())));

    private async Task<string> ExportAsync()
    {
        await using var writer = new StringWriter();
        await Catalog.UseAsync(async (ProductImporter s) =>
        {
            await s.ExportAsync(writer);
            return true;
        });
        return writer.ToString();
    }

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));
}
