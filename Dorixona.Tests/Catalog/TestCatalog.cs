using Dorixona.Core.Catalog;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Catalog;

/// <summary>
/// A small catalog with the brands people search for, written straight to the database once per test
/// class: several brands share a substance so alternatives mean something, and a few are out of stock.
/// </summary>
public static class TestCatalog
{
    public sealed record Item(string Slug, string Name, string NameRu, string Category, string[] Substances, string Form, string Strength,
        long Price, string Manufacturer, bool Rx = false, int Stock = 10, long? OldPrice = null, string? Barcode = null, int Popularity = 0);

    public static readonly Item[] Items =
    [
        new("citramon-p-10", "Citramon P", "Цитрамон П", "analgesics", ["Acetylsalicylic acid", "Paracetamol", "Caffeine"], "tablet", "240 mg + 180 mg + 30 mg", 3_500, "Nika Pharm", Popularity: 900),
        new("no-spa-40-24", "No-Spa 40 mg", "Но-шпа 40 мг", "antispasmodics", ["Drotaverine"], "tablet", "40 mg", 39_000, "Sanofi", Popularity: 800),
        new("drotaverin-40-20", "Drotaverin 40 mg", "Дротаверин 40 мг", "antispasmodics", ["Drotaverine"], "tablet", "40 mg", 6_500, "Nika Pharm", Popularity: 300),
        new("spazmonet-40-20", "Spazmonet 40 mg", "Спазмонет 40 мг", "antispasmodics", ["Drotaverine"], "tablet", "40 mg", 12_000, "Jurabek Laboratories", Stock: 0),
        new("paracetamol-500-10", "Paracetamol 500 mg", "Парацетамол 500 мг", "analgesics", ["Paracetamol"], "tablet", "500 mg", 2_500, "Nika Pharm", Popularity: 1000, Barcode: "4780000000017"),
        new("panadol-500-12", "Panadol 500 mg", "Панадол 500 мг", "analgesics", ["Paracetamol"], "film-coated-tablet", "500 mg", 21_000, "Haleon", Popularity: 600, OldPrice: 25_000),
        new("paracetamol-syrup-100", "Paracetamol syrup 120 mg/5 ml", "Парацетамол сироп", "analgesics", ["Paracetamol"], "syrup", "120 mg/5 ml", 9_000, "Jurabek Laboratories", Stock: 0),
        new("nurofen-200-10", "Nurofen 200 mg", "Нурофен 200 мг", "nsaids", ["Ibuprofen"], "tablet", "200 mg", 29_000, "Reckitt", Popularity: 700),
        new("ibuprofen-200-20", "Ibuprofen 200 mg", "Ибупрофен 200 мг", "nsaids", ["Ibuprofen"], "tablet", "200 mg", 5_000, "Remedy Group", Popularity: 400),
        new("analgin-500-10", "Analgin 500 mg", "Анальгин 500 мг", "analgesics", ["Metamizole sodium"], "tablet", "500 mg", 4_500, "Nika Pharm", Popularity: 500),
        new("mezim-forte-20", "Mezim forte", "Мезим форте", "enzymes", ["Pancreatin"], "film-coated-tablet", "3500 ED", 42_000, "Berlin-Chemie", Popularity: 650),
        new("augmentin-1g-14", "Augmentin 1 g", "Аугментин 1 г", "antibiotics", ["Amoxicillin", "Clavulanic acid"], "film-coated-tablet", "875 mg + 125 mg", 140_000, "GSK", Rx: true, Popularity: 200),
    ];

    public static async Task EnsureAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
        if (await db.Products.AnyAsync(p => p.Slug == Items[0].Slug)) return;

        var pain = new Category { Slug = "pain", NameUz = "Og‘riq", NameRu = "Боль", NameEn = "Pain", SortOrder = 1 };
        var digestion = new Category { Slug = "digestion", NameUz = "Hazm", NameRu = "Пищеварение", NameEn = "Digestion", SortOrder = 2 };
        var infections = new Category { Slug = "infections", NameUz = "Infeksiyalar", NameRu = "Инфекции", NameEn = "Infections", SortOrder = 3 };
        db.Categories.AddRange(pain, digestion, infections);
        await db.SaveChangesAsync();
        var subs = new Dictionary<string, Category>
        {
            ["analgesics"] = new() { Slug = "analgesics", ParentId = pain.Id, NameUz = "Og‘riq qoldiruvchilar", NameRu = "Анальгетики", NameEn = "Analgesics" },
            ["antispasmodics"] = new() { Slug = "antispasmodics", ParentId = pain.Id, NameUz = "Spazmolitiklar", NameRu = "Спазмолитики", NameEn = "Antispasmodics" },
            ["nsaids"] = new() { Slug = "nsaids", ParentId = pain.Id, NameUz = "NYaQV", NameRu = "НПВС", NameEn = "NSAIDs" },
            ["enzymes"] = new() { Slug = "enzymes", ParentId = digestion.Id, NameUz = "Fermentlar", NameRu = "Ферменты", NameEn = "Enzymes" },
            ["antibiotics"] = new() { Slug = "antibiotics", ParentId = infections.Id, NameUz = "Antibiotiklar", NameRu = "Антибиотики", NameEn = "Antibiotics" },
        };
        db.Categories.AddRange(subs.Values);
        var substances = new Dictionary<string, ActiveSubstance>
        {
            ["Acetylsalicylic acid"] = new() { Inn = "Acetylsalicylic acid", NameUz = "Atsetilsalitsil kislotasi", NameRu = "Ацетилсалициловая кислота", AtcCode = "N02BA01" },
            ["Paracetamol"] = new() { Inn = "Paracetamol", NameUz = "Paratsetamol", NameRu = "Парацетамол", AtcCode = "N02BE01" },
            ["Caffeine"] = new() { Inn = "Caffeine", NameUz = "Kofein", NameRu = "Кофеин", AtcCode = "N06BC01" },
            ["Drotaverine"] = new() { Inn = "Drotaverine", NameUz = "Drotaverin", NameRu = "Дротаверин", AtcCode = "A03AD02" },
            ["Ibuprofen"] = new() { Inn = "Ibuprofen", NameUz = "Ibuprofen", NameRu = "Ибупрофен", AtcCode = "M01AE01" },
            ["Metamizole sodium"] = new() { Inn = "Metamizole sodium", NameUz = "Metamizol natriy", NameRu = "Метамизол натрия", AtcCode = "N02BB02" },
            ["Pancreatin"] = new() { Inn = "Pancreatin", NameUz = "Pankreatin", NameRu = "Панкреатин", AtcCode = "A09AA02" },
            ["Amoxicillin"] = new() { Inn = "Amoxicillin", NameUz = "Amoksitsillin", NameRu = "Амоксициллин", AtcCode = "J01CA04" },
            ["Clavulanic acid"] = new() { Inn = "Clavulanic acid", NameUz = "Klavulan kislotasi", NameRu = "Клавулановая кислота", AtcCode = "J01CR02" },
        };
        db.ActiveSubstances.AddRange(substances.Values);
        var manufacturers = Items.Select(i => i.Manufacturer).Distinct().ToDictionary(n => n, n => new Manufacturer { Name = n, Country = "Uzbekistan" });
        db.Manufacturers.AddRange(manufacturers.Values);
        var shop = new Branch { Code = "CHL", Name = "Chilonzor", Address = "Bunyodkor 1", OpeningHours = "08:00–22:00", Phone = "+998712000001" };
        var warehouse = new Branch { Code = "WH", Name = "Ombor", Address = "Sergeli", OpeningHours = "09:00–18:00", Phone = "+998712000009", IsWarehouse = true };
        db.Branches.AddRange(shop, warehouse);
        await db.SaveChangesAsync();

        var now = DateTime.UtcNow;
        foreach (var item in Items)
        {
            var product = new Product
            {
                Slug = item.Slug, Name = item.Name, NameRu = item.NameRu, CategoryId = subs[item.Category].Id, DosageForm = item.Form,
                Strength = item.Strength, PackSize = 10, Price = item.Price, OldPrice = item.OldPrice, ManufacturerId = manufacturers[item.Manufacturer].Id,
                RequiresPrescription = item.Rx, Barcode = item.Barcode, Popularity = item.Popularity, CreatedAt = now, UpdatedAt = now,
                Substances = item.Substances.Select(s => new ProductSubstance { SubstanceId = substances[s].Id }).ToList(),
            };
            db.Products.Add(product);
            await db.SaveChangesAsync();
            if (item.Stock > 0)
            {
                db.BranchStock.Add(new BranchStock { BranchId = shop.Id, ProductId = product.Id, Quantity = item.Stock, UpdatedAt = now });
                db.StockLedger.Add(new StockLedgerEntry { BranchId = shop.Id, ProductId = product.Id, Delta = item.Stock, Balance = item.Stock, Reason = StockReasons.Seed, At = now });
            }
        }
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<CatalogRevisions>().BumpCatalogAsync();
    }
}
