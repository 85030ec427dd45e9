using System.Globalization;
using System.Text.RegularExpressions;
using Dorixona.Core.Audit;
using Dorixona.Core.Catalog.Search;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Catalog.Import;

public sealed record ImportRowError(int Line, string Column, string Code, string? Value);

/// <summary>What an import did, or in a dry run would do. Nothing is written while <see cref="Errors"/> has any.</summary>
public sealed record ImportReport(int Rows, int Created, int Updated, IReadOnlyList<ImportRowError> Errors, bool DryRun)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Imports products from <see cref="ProductCsv"/>: every row is validated first (slug, names, category,
/// substances, form, numbers, barcode check digit, dates, duplicates); a file with any bad row imports
/// nothing. Good files create new products and update existing ones (matched by slug) in one transaction.
/// </summary>
public sealed partial class ProductImporter(DorixonaDbContext db, CatalogChangeSignal signal, CatalogIndex index, IAuditLog audit, TimeProvider clock)
{
    public const int MaxRows = 20_000;

    public async Task<ImportReport> ImportAsync(TextReader csv, bool dryRun, CancellationToken ct = default)
    {
        var (rows, missing) = ProductCsv.Read(csv);
        if (missing.Count > 0)
            return new ImportReport(rows.Count, 0, 0, missing.Select(c => new ImportRowError(1, c, "import.missingColumn", null)).ToList(), dryRun);
        if (rows.Count == 0) return new ImportReport(0, 0, 0, [new ImportRowError(1, "", "import.empty", null)], dryRun);
        if (rows.Count > MaxRows) return new ImportReport(rows.Count, 0, 0, [new ImportRowError(1, "", "import.tooManyRows", MaxRows.ToString(CultureInfo.InvariantCulture))], dryRun);

        var categories = await db.Categories.AsNoTracking().Select(c => new { c.Id, c.Slug, c.ParentId }).ToDictionaryAsync(c => c.Slug, StringComparer.OrdinalIgnoreCase, ct);
        var substances = await db.ActiveSubstances.AsNoTracking().Select(s => new { s.Id, s.Inn }).ToDictionaryAsync(s => s.Inn, s => s.Id, StringComparer.OrdinalIgnoreCase, ct);
        var manufacturers = await db.Manufacturers.AsNoTracking().Select(m => new { m.Id, m.Name }).ToDictionaryAsync(m => m.Name, m => m.Id, StringComparer.OrdinalIgnoreCase, ct);

        var errors = new List<ImportRowError>();
        var parsed = new List<ParsedRow>();
        var slugs = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (line, v) in rows)
        {
            var rowErrors = new List<ImportRowError>();
            void Err(string column, string code) => rowErrors.Add(new ImportRowError(line, column, code, v.GetValueOrDefault(column)));

            var slug = v["slug"].ToLowerInvariant();
            if (!SlugPattern().IsMatch(slug)) Err("slug", "import.slug");
            else if (!slugs.Add(slug)) Err("slug", "import.duplicateSlug");
            if (v["name"].Length is 0 or > 200) Err("name", "import.name");
            if (v["name_ru"].Length > 200) Err("name_ru", "import.name");
            var category = categories.GetValueOrDefault(v["category_slug"]);
            if (category is null) Err("category_slug", "import.categoryUnknown");
            else if (category.ParentId is null) Err("category_slug", "import.categoryNotSub");
            var substanceIds = new List<int>();
            foreach (var inn in v["substances"].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (substances.TryGetValue(inn, out var id)) substanceIds.Add(id);
                else rowErrors.Add(new ImportRowError(line, "substances", "import.substanceUnknown", inn));
            }
            if (v["substances"].Length == 0) Err("substances", "import.substancesRequired");
            if (!DosageForms.All.Contains(v["dosage_form"])) Err("dosage_form", "import.form");
            if (v["strength"].Length > 64) Err("strength", "import.strength");
            if (!int.TryParse(v["pack_size"], NumberStyles.None, CultureInfo.InvariantCulture, out var pack) || pack is <= 0 or > 100_000) Err("pack_size", "import.packSize");
            var barcode = v["barcode"];
            if (barcode.Length > 0 && !ProductCsv.IsValidBarcode(barcode)) Err("barcode", "import.barcode");
            if (!long.TryParse(v["price"], NumberStyles.None, CultureInfo.InvariantCulture, out var price) || price is <= 0 or > 100_000_000) Err("price", "import.price");
            long? oldPrice = null;
            if (v["old_price"].Length > 0)
            {
                if (!long.TryParse(v["old_price"], NumberStyles.None, CultureInfo.InvariantCulture, out var op) || op <= price) Err("old_price", "import.oldPrice");
                else oldPrice = op;
            }
            var manufacturer = manufacturers.GetValueOrDefault(v["manufacturer"]);
            if (manufacturer == 0) Err("manufacturer", "import.manufacturerUnknown");
            var rx = v["requires_prescription"].ToLowerInvariant() switch
            {
                "1" or "true" or "yes" or "ha" or "да" => (bool?)true,
                "0" or "false" or "no" or "yo'q" or "нет" or "" => false,
                _ => null,
            };
            if (rx is null) Err("requires_prescription", "import.rx");
            DateOnly? expiry = null;
            if (v["expiry_date"].Length > 0)
            {
                if (DateOnly.TryParseExact(v["expiry_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var e)) expiry = e;
                else Err("expiry_date", "import.expiry");
            }
            var popularity = 0;
            if (v["popularity"].Length > 0 && (!int.TryParse(v["popularity"], NumberStyles.None, CultureInfo.InvariantCulture, out popularity) || popularity < 0))
                Err("popularity", "import.popularity");
            if (v["description"].Length > 4000) Err("description", "import.description");
            var descriptionRu = v.GetValueOrDefault("description_ru");
            var descriptionEn = v.GetValueOrDefault("description_en");
            if (descriptionRu?.Length > 4000) Err("description_ru", "import.description");
            if (descriptionEn?.Length > 4000) Err("description_en", "import.description");
            var leaflet = new Dictionary<(string Section, string Language), string>();
            foreach (var (column, section, language) in ProductCsv.Leaflet)
            {
                if (v.GetValueOrDefault(column) is not { } text) continue;
                if (text.Length > ProductLeaflet.MaxLength) Err(column, "import.leaflet");
                leaflet[(section, language)] = text;
            }

            if (rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors);
                continue;
            }
            parsed.Add(new ParsedRow(slug, v["name"], v["name_ru"], category!.Id, [.. substanceIds.Distinct()], v["dosage_form"], v["strength"], pack,
                barcode.Length == 0 ? null : barcode, price, oldPrice, manufacturer, rx!.Value, expiry, popularity, v["description"], descriptionRu, descriptionEn)
            {
                Leaflet = leaflet,
            });
        }

        var withLeaflets = parsed.Any(p => p.Leaflet.Count > 0);
        var products = db.Products.IgnoreQueryFilters().Include(p => p.Substances).AsQueryable();
        if (withLeaflets) products = products.Include(p => p.Leaflet);
        var existing = await products.Where(p => slugs.Contains(p.Slug)).AsSplitQuery()
            .ToDictionaryAsync(p => p.Slug, StringComparer.OrdinalIgnoreCase, ct);
        var created = parsed.Count(p => !existing.ContainsKey(p.Slug));
        var updated = parsed.Count - created;
        if (errors.Count > 0 || dryRun) return new ImportReport(rows.Count, created, updated, errors, dryRun);

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var written = new List<Product>(parsed.Count);
        foreach (var row in parsed)
        {
            if (!existing.TryGetValue(row.Slug, out var product))
            {
                product = new Product { Slug = row.Slug, CreatedAt = now };
                db.Products.Add(product);
            }
            written.Add(product);
            await audit.PriceChangingAsync(product, row.Price, row.OldPrice, "import", ct);
            product.Name = row.Name;
            product.NameRu = row.NameRu;
            product.CategoryId = row.CategoryId;
            product.DosageForm = row.Form;
            product.Strength = row.Strength;
            product.PackSize = row.PackSize;
            product.Barcode = row.Barcode;
            product.Price = row.Price;
            product.OldPrice = row.OldPrice;
            product.ManufacturerId = row.ManufacturerId;
            product.RequiresPrescription = row.Rx;
            product.ExpiryDate = row.Expiry;
            product.Popularity = Math.Max(product.Popularity, row.Popularity);
            product.Description = row.Description;
            if (row.DescriptionRu is not null) product.DescriptionRu = row.DescriptionRu;
            if (row.DescriptionEn is not null) product.DescriptionEn = row.DescriptionEn;
            if (row.Leaflet.Count > 0) ApplyLeaflet(product, row.Leaflet);
            product.IsActive = true;
            product.DeletedAt = null;
            product.UpdatedAt = now;
            product.Substances.RemoveAll(s => !row.SubstanceIds.Contains(s.SubstanceId));
            foreach (var id in row.SubstanceIds.Where(id => product.Substances.All(s => s.SubstanceId != id)))
                product.Substances.Add(new ProductSubstance { SubstanceId = id });
        }
        // Every written product carries this time stamp (how an instance that missed the notice finds them); the index
        // then updates these products alone, in one batch, and the other instances hear their ids.
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        signal.ProductsChanged(written.Select(p => p.Id));
        await index.ApplyChangesAsync(ct);
        return new ImportReport(rows.Count, created, updated, [], DryRun: false);
    }

    /// <summary>The leaflet's columns the file has replace those texts; the ones it leaves out stay. Nothing left removes it.</summary>
    private static void ApplyLeaflet(Product product, Dictionary<(string Section, string Language), string> columns)
    {
        var texts = product.Leaflet?.ToTranslations() ?? new LeafletTranslations();
        foreach (var ((section, language), text) in columns)
            texts.Of(language)[section] = text;
        if (texts.IsEmpty) product.Leaflet = null;
        else (product.Leaflet ??= new ProductLeaflet()).Apply(texts);
    }

    public async Task ExportAsync(TextWriter writer, CancellationToken ct = default)
    {
        var categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Slug, ct);
        var manufacturers = await db.Manufacturers.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        var products = await db.Products.AsNoTracking().Include(p => p.Substances).ThenInclude(s => s.Substance)
            .OrderBy(p => p.Id).AsSplitQuery().ToListAsync(ct);
        var leaflets = await db.Set<ProductLeaflet>().AsNoTracking().ToDictionaryAsync(l => l.ProductId, l => l.ToTranslations(), ct);
        var none = new LeafletTranslations();
        ProductCsv.Write(writer, products.Select(p => (IReadOnlyList<string>)
        [
            p.Slug, p.Name, p.NameRu, categories.GetValueOrDefault(p.CategoryId) ?? "",
            string.Join('|', p.Substances.Select(s => s.Substance!.Inn)), p.DosageForm, p.Strength,
            p.PackSize.ToString(CultureInfo.InvariantCulture), p.Barcode ?? "", p.Price.ToString(CultureInfo.InvariantCulture),
            p.OldPrice?.ToString(CultureInfo.InvariantCulture) ?? "", manufacturers.GetValueOrDefault(p.ManufacturerId) ?? "",
            p.RequiresPrescription ? "1" : "0", p.ExpiryDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            p.Popularity.ToString(CultureInfo.InvariantCulture), p.Description, p.DescriptionRu, p.DescriptionEn,
            .. LeafletCells(leaflets.GetValueOrDefault(p.Id) ?? none),
        ]));
    }

    private static IEnumerable<string> LeafletCells(LeafletTranslations leaflet) =>
        ProductCsv.Leaflet.Select(c => leaflet.Of(c.Language)[c.Section] ?? "");

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    private sealed record ParsedRow(
        string Slug, string Name, string NameRu, int CategoryId, int[] SubstanceIds, string Form, string Strength, int PackSize,
        string? Barcode, long Price, long? OldPrice, int ManufacturerId, bool Rx, DateOnly? Expiry, int Popularity, string Description,
        string? DescriptionRu, string? DescriptionEn)
    {
        /// <summary>The leaflet texts the file has columns for, by section and language; empty when it has none.</summary>
        public Dictionary<(string Section, string Language), string> Leaflet { get; init; } = [];
    }
}
