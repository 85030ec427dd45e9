using System.Globalization;
using System.Reflection;
using CsvHelper;
using Dorixona.Core.Catalog.Import;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dorixona.Core.Catalog;

/// <summary>
/// Loads the demo catalog kept in <c>Catalog/SeedData/*.csv</c> (embedded in this assembly). Idempotent:
/// reference data is matched by its key, products go through the admin importer (matched by slug), and
/// stock is only seeded for a product and branch that have none yet, each with its ledger row.
/// </summary>
public sealed class CatalogSeeder(DorixonaDbContext db, ProductImporter importer, CatalogRevisions revisions, TimeProvider clock, ILogger<CatalogSeeder> logger)
{
    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (!HasSeedData()) return;
        var changed = false;
        changed |= await UpsertAsync("categories.csv", r => r["slug"], db.Categories.IgnoreQueryFilters(), c => c.Slug, (r, c) =>
        {
            c.Slug = r["slug"];
            c.NameUz = r["name_uz"];
            c.NameRu = r["name_ru"];
            c.NameEn = r["name_en"];
            c.Icon = r["icon"];
            c.SortOrder = int.Parse(r["sort_order"], CultureInfo.InvariantCulture);
        }, ct, orderBy: r => r["parent_slug"].Length);
        await LinkCategoryParentsAsync(ct);
        changed |= await UpsertAsync("substances.csv", r => r["inn"], db.ActiveSubstances, s => s.Inn, (r, s) =>
        {
            s.Inn = r["inn"];
            s.NameUz = r["name_uz"];
            s.NameRu = r["name_ru"];
            s.AtcCode = r["atc_code"].Length == 0 ? null : r["atc_code"];
        }, ct);
        changed |= await UpsertAsync("manufacturers.csv", r => r["name"], db.Manufacturers, m => m.Name, (r, m) =>
        {
            m.Name = r["name"];
            m.Country = r["country"];
        }, ct);
        changed |= await UpsertAsync("branches.csv", r => r["code"], db.Branches, b => b.Code, (r, b) =>
        {
            b.Code = r["code"];
            b.Name = r["name"];
            b.Address = r["address"];
            b.Latitude = double.Parse(r["latitude"], CultureInfo.InvariantCulture);
            b.Longitude = double.Parse(r["longitude"], CultureInfo.InvariantCulture);
            b.OpeningHours = r["opening_hours"];
            b.Phone = r["phone"];
            b.IsWarehouse = r["is_warehouse"] == "1";
        }, ct);
        changed |= await SeedComplaintsAsync(ct);
        if (changed) await revisions.BumpCatalogAsync(ct);

        var productSlugs = await db.Products.IgnoreQueryFilters().Select(p => p.Slug).ToListAsync(ct);
        var seedRows = ReadRows("products.csv");
        if (seedRows.Any(r => !productSlugs.Contains(r["slug"])))
        {
            using var reader = Open("products.csv");
            var report = await importer.ImportAsync(reader, dryRun: false, ct);
            if (!report.Succeeded)
                throw new InvalidOperationException("The demo products.csv does not import: " +
                    string.Join("; ", report.Errors.Take(5).Select(e => $"line {e.Line} {e.Column} {e.Code} '{e.Value}'")));
            logger.LogInformation("Seeded {Created} demo products", report.Created);
        }
        await SeedStockAsync(ct);
        await SeedLeafletsAsync(seedRows, ct);
    }

    /// <summary>
    /// Gives the demo products their leaflets once, on a database that has none yet (a new one, or one from before leaflets):
    /// after that they are the admin's, and one removed stays removed. Generated bench products get none.
    /// </summary>
    private async Task SeedLeafletsAsync(List<Dictionary<string, string>> seedRows, CancellationToken ct)
    {
        if (await db.Set<ProductLeaflet>().AnyAsync(ct)) return;
        using var json = Open("leaflets.json");
        var file = LeafletSeed.File.Read(json.BaseStream);
        var slugs = seedRows.Select(r => r["slug"]).ToList();
        var products = await db.Products.IgnoreQueryFilters().AsNoTracking().Where(p => slugs.Contains(p.Slug))
            .Select(p => new { p.Id, p.DosageForm, Substances = p.Substances.Select(s => s.Substance!.Inn).ToList() }).ToListAsync(ct);
        var added = 0;
        foreach (var p in products)
        {
            if (file.For(p.Substances, p.DosageForm) is not { } leaflet) continue;
            var row = new ProductLeaflet { ProductId = p.Id };
            row.Apply(leaflet);
            db.Add(row);
            added++;
        }
        if (added == 0) return;
        await db.SaveChangesAsync(ct);
        await revisions.BumpCatalogAsync(ct);
        logger.LogInformation("Seeded leaflets for {Count} demo products", added);
    }

    private async Task SeedStockAsync(CancellationToken ct)
    {
        var products = await db.Products.AsNoTracking().ToDictionaryAsync(p => p.Slug, p => p.Id, ct);
        var branches = await db.Branches.AsNoTracking().ToDictionaryAsync(b => b.Code, b => b.Id, ct);
        var existing = (await db.BranchStock.AsNoTracking().Select(s => new { s.BranchId, s.ProductId }).ToListAsync(ct))
            .Select(s => (s.BranchId, s.ProductId)).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;
        var added = 0;
        foreach (var r in ReadRows("stock.csv"))
        {
            if (!products.TryGetValue(r["product_slug"], out var productId) || !branches.TryGetValue(r["branch_code"], out var branchId)) continue;
            var quantity = int.Parse(r["quantity"], CultureInfo.InvariantCulture);
            if (quantity <= 0 || !existing.Add((branchId, productId))) continue;
            db.BranchStock.Add(new BranchStock { BranchId = branchId, ProductId = productId, Quantity = quantity, UpdatedAt = now });
            db.StockLedger.Add(new StockLedgerEntry
            {
                BranchId = branchId, ProductId = productId, Delta = quantity, Balance = quantity, Reason = StockReasons.Seed, At = now,
            });
            added++;
        }
        if (added == 0) return;
        await db.SaveChangesAsync(ct);
        revisions.StockRewritten();
        logger.LogInformation("Seeded stock for {Count} product/branch pairs", added);
    }

    /// <summary>The complaints search understands, each linked to the categories that treat it; ones an admin already has are left alone.</summary>
    private async Task<bool> SeedComplaintsAsync(CancellationToken ct)
    {
        var categories = await db.Categories.IgnoreQueryFilters().ToDictionaryAsync(c => c.Slug, c => c.Id, ct);
        var existing = (await db.Complaints.Select(c => c.Slug).ToListAsync(ct)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var added = 0;
        foreach (var r in ReadRows("complaints.csv"))
        {
            if (existing.Contains(r["slug"])) continue;
            var complaint = new Search.Complaint
            {
                Slug = r["slug"], NameUz = r["name_uz"], NameRu = r["name_ru"], NameEn = r["name_en"],
                Synonyms = string.Join('\n', r["synonyms"].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            };
            foreach (var slug in r["categories"].Split('|', StringSplitOptions.RemoveEmptyEntries))
                complaint.Categories.Add(new Search.ComplaintCategory { CategoryId = categories[slug] });
            db.Complaints.Add(complaint);
            added++;
        }
        if (added > 0) await db.SaveChangesAsync(ct);
        return added > 0;
    }

    private async Task LinkCategoryParentsAsync(CancellationToken ct)
    {
        var bySlug = await db.Categories.IgnoreQueryFilters().ToDictionaryAsync(c => c.Slug, ct);
        foreach (var r in ReadRows("categories.csv"))
        {
            int? parent = r["parent_slug"].Length == 0 ? null : bySlug[r["parent_slug"]].Id;
            var category = bySlug[r["slug"]];
            if (category.ParentId != parent) category.ParentId = parent;
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task<bool> UpsertAsync<T>(string file, Func<Dictionary<string, string>, string> key, IQueryable<T> set, Func<T, string> entityKey,
        Action<Dictionary<string, string>, T> apply, CancellationToken ct, Func<Dictionary<string, string>, int>? orderBy = null) where T : class, new()
    {
        var existing = (await set.ToListAsync(ct)).ToDictionary(entityKey, StringComparer.OrdinalIgnoreCase);
        var added = 0;
        var rows = ReadRows(file);
        foreach (var r in orderBy is null ? rows : rows.OrderBy(orderBy).ToList())
        {
            if (existing.ContainsKey(key(r))) continue;
            var entity = new T();
            apply(r, entity);
            db.Add(entity);
            existing[key(r)] = entity;
            added++;
        }
        if (added > 0) await db.SaveChangesAsync(ct);
        return added > 0;
    }

    private static bool HasSeedData() => typeof(CatalogSeeder).Assembly.GetManifestResourceInfo("SeedData.products.csv") is not null;

    private static StreamReader Open(string file) =>
        new(typeof(CatalogSeeder).Assembly.GetManifestResourceStream("SeedData." + file)
            ?? throw new InvalidOperationException($"Seed file {file} is not embedded"));

    private static List<Dictionary<string, string>> ReadRows(string file)
    {
        using var reader = Open(file);
        using var csv = new CsvReader(reader, ProductCsv.Configuration);
        var rows = new List<Dictionary<string, string>>();
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord ?? [];
        while (csv.Read())
            rows.Add(header.Select((h, i) => (h, v: csv.GetField(i)?.Trim() ?? "")).ToDictionary(x => x.h, x => x.v, StringComparer.Ordinal));
        return rows;
    }
}
