using System.Text;
using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Catalog.Import;
using Dorixona.Core.Catalog.Search;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Catalog;

/// <summary>The admin's CSV import (checked first, all or nothing) and export, through <see cref="ImportUploads"/>.</summary>
public abstract class ProductImportTests(DatabaseFixture database) : CatalogAdminTest(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : ProductImportTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : ProductImportTests(database), IClassFixture<PostgresDatabase>;

    [Fact]
    public async Task A_check_with_a_bad_row_reports_line_column_and_code_and_imports_nothing()
    {
        var refs = await Catalog.CsvReferencesAsync();
        var csv = TestCsv.Text(
            TestCsv.Row(CatalogBuilder.Unique("good-"), refs.Category, refs.Substance, refs.Manufacturer),
            TestCsv.Row(CatalogBuilder.Unique("bad-"), refs.Category, refs.Substance, refs.Manufacturer, ("price", "12,5"), ("barcode", "4006381333932")));

        var products = await CountAsync();
        var check = await Catalog.UseAsync((ImportUploads s) => s.CheckAsync(Utf8(csv)));
        var import = await Catalog.UseAsync((ImportUploads s) => s.ImportAsync(Utf8(csv), dryRun: false));

        Assert.Null(check.Token);
        Assert.Equal(
            [(3, "barcode", "import.barcode", "4006381333932"), (3, "price", "import.price", "12,5")],
            check.Report.Errors.Select(e => (e.Line, e.Column, e.Code, e.Value)).Order());
        Assert.False(import.Succeeded);
        Assert.Equal(products, await CountAsync());
    }

    [Fact]
    public async Task A_clean_check_imports_with_its_token_once_and_the_shop_finds_the_products_at_once()
    {
        var refs = await Catalog.CsvReferencesAsync();
        var marker = CatalogBuilder.Unique("Quxolin");
        var csv = TestCsv.Text(
            TestCsv.Row(CatalogBuilder.Unique("q-"), refs.Category, refs.Substance, refs.Manufacturer, ("name", marker + " 100 mg")),
            TestCsv.Row(CatalogBuilder.Unique("q-"), refs.Category, refs.Substance, refs.Manufacturer, ("name", marker + " 200 mg"), ("old_price", "9900")));

        var check = await Catalog.UseAsync((ImportUploads s) => s.CheckAsync(Utf8(csv)));
        // Not in the shop yet: search offers only other products (the closest), none of these.
        Assert.DoesNotContain((await Catalog.PublicAsync()).Search(new CatalogQuery { Text = marker }).Items, i => i.Name.StartsWith(marker, StringComparison.Ordinal));
        var import = await Catalog.UseAsync((ImportUploads s) => s.ImportCheckedAsync(check.Token));
        var again = await Catalog.UseAsync((ImportUploads s) => s.ImportCheckedAsync(check.Token));

        Assert.Equal((2, 2, 0, true), (check.Report.Rows, check.Report.Created, check.Report.Updated, check.Report.DryRun));
        Assert.NotNull(check.Token);
        Assert.Equal((2, 0, false), (import!.Created, import.Updated, import.DryRun));
        Assert.Null(again);
        var found = (await Catalog.PublicAsync()).Search(new CatalogQuery { Text = marker }).Items;
        Assert.Equal(2, found.Count);
        Assert.Contains(found, p => p.OldPrice == 9900);
    }

    [Fact]
    public async Task Export_then_import_changes_nothing_but_counts_every_product_as_updated()
    {
        var first = await Catalog.ProductAsync(p => { p.Barcode = "4006381333931"; p.OldPrice = 20_000; p.ExpiryDate = new DateOnly(2027, 6, 30); });
        var second = await Catalog.ProductAsync(p => { p.Description = "Line one, \"quoted\"\nline two"; p.RequiresPrescription = true; });
        var before = await SnapshotAsync();

        var exported = await ExportAsync();
        var report = await Catalog.UseAsync((ImportUploads s) => s.ImportAsync(Utf8(exported), dryRun: false));

        Assert.True(report.Succeeded, string.Join("; ", report.Errors.Select(e => $"{e.Line} {e.Column} {e.Code}")));
        Assert.Equal((0, before.Count), (report.Created, report.Updated));
        Assert.Equal(before, await SnapshotAsync());
        Assert.Contains(before, p => p.Id == first && p.Barcode == "4006381333931");
        Assert.Contains(before, p => p.Id == second && p.Description.Contains('\n', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Russian_and_English_descriptions_import_export_and_stay_when_a_file_leaves_their_columns_out()
    {
        var refs = await Catalog.CsvReferencesAsync();
        var slug = CatalogBuilder.Unique("tr-");
        var translated = TestCsv.Row(slug, refs.Category, refs.Substance, refs.Manufacturer,
            ("description_ru", "Снимает боль, быстро"), ("description_en", "Eases pain, fast"));

        var first = await Catalog.UseAsync((ImportUploads s) => s.ImportAsync(Utf8(TestCsv.Text(translated)), dryRun: false));
        var exported = await ExportAsync();
        var withoutColumns = await Catalog.UseAsync((ImportUploads s) => s.ImportAsync(
            Utf8(TestCsv.Text(TestCsv.Row(slug, refs.Category, refs.Substance, refs.Manufacturer, ("description", "Yangi tavsif")))), dryRun: false));

        Assert.True(first.Succeeded && withoutColumns.Succeeded);
        Assert.Contains("\"Снимает боль, быстро\",\"Eases pain, fast\"", exported, StringComparison.Ordinal);
        Assert.StartsWith(string.Join(",", [.. ProductCsv.Columns, .. ProductCsv.OptionalColumns]), exported.TrimStart('\uFEFF'), StringComparison.Ordinal);
        var texts = await Catalog.QueryAsync(db => db.Products.Where(p => p.Slug == slug).Select(p => new { p.Description, p.DescriptionRu, p.DescriptionEn }).SingleAsync());
        Assert.Equal(("Yangi tavsif", "Снимает боль, быстро", "Eases pain, fast"), (texts.Description, texts.DescriptionRu, texts.DescriptionEn));
    }

    [Fact]
    public async Task A_translation_longer_than_4000_characters_is_refused_on_its_column()
    {
        var refs = await Catalog.CsvReferencesAsync();
        var csv = TestCsv.Text(TestCsv.Row(CatalogBuilder.Unique("long-"), refs.Category, refs.Substance, refs.Manufacturer, ("description_en", new string('a', 4001))));

        var report = await Catalog.UseAsync((ImportUploads s) => s.ImportAsync(Utf8(csv), dryRun: false));

        Assert.Equal([("description_en", "import.description")], report.Errors.Select(e => (e.Column, e.Code)));
    }

    [Fact]
    public async Task A_file_saved_by_excel_in_windows_1251_is_read_with_its_cyrillic()
    {
        var refs = await Catalog.CsvReferencesAsync();
        var slug = CatalogBuilder.Unique("cyr-");
        var csv = TestCsv.Text(TestCsv.Row(slug, refs.Category, refs.Substance, refs.Manufacturer, ("name_ru", "Парацетамол-Ф")));
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        var report = await Catalog.UseAsync((ImportUploads s) => s.ImportAsync(new MemoryStream(Encoding.GetEncoding(1251).GetBytes(csv)), dryRun: false));

        Assert.True(report.Succeeded);
        Assert.Equal("Парацетамол-Ф", await Catalog.QueryAsync(db => db.Products.Where(p => p.Slug == slug).Select(p => p.NameRu).SingleAsync()));
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_without_a_check()
    {
        var report = await Catalog.UseAsync((ImportUploads s) => s.ImportAsync(new MemoryStream(new byte[ImportUploads.MaxBytes + 1]), dryRun: true));

        Assert.Equal("import.tooLarge", Assert.Single(report.Errors).Code);
    }

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

    private Task<List<(int Id, string Slug, string Name, long Price, long? OldPrice, string? Barcode, string Description, bool Rx, DateOnly? Expiry, string Substances)>> SnapshotAsync() =>
        Catalog.QueryAsync(async db => (await db.Products.AsNoTracking().Include(p => p.Substances).OrderBy(p => p.Id).ToListAsync())
            .Select(p => (p.Id, p.Slug, p.Name, p.Price, p.OldPrice, p.Barcode, p.Description, p.RequiresPrescription, p.ExpiryDate,
                string.Join(',', p.Substances.Select(s => s.SubstanceId).Order())))
            .ToList());

    private Task<int> CountAsync() => Catalog.QueryAsync(db => db.Products.IgnoreQueryFilters().CountAsync());

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));
}
