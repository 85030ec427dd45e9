using System.Text;
using CsvHelper;
using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Import;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Bench;

internal sealed record GeneratedProduct(
    int Id, string Slug, string Name, string NameRu, string Description, int CategoryId, int ManufacturerId, string DosageForm,
    string Strength, int PackSize, string Barcode, long Price, long? OldPrice, bool Rx, DateOnly Expiry, int Popularity,
    int[] SubstanceIds, List<(int BranchId, int Quantity)> Stock);

/// <summary>
/// Makes products that look like a real pharmacy's: each one starts from a real demo product (its brand or
/// generic name, substances, form, category, prescription status and description) and varies it with a
/// modifier ("Forte", "Neo"…), a maker suffix ("-Akos"), another strength of the same form, a pack size,
/// manufacturer, price, stock. So "paracetamol" finds about as large a share of the catalog as it does
/// in the demo (~6%), names repeat across makers and strengths, and no name is random gibberish.
/// Product number k is always made from the same random stream, so N products are the same N every run.
/// </summary>
internal sealed class CatalogGenerator
{
    public static readonly DateTime CreatedAt = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] SolidForms = ["tablet", "film-coated-tablet", "effervescent-tablet", "chewable-tablet", "capsule", "lozenge", "suppository", "sachet"];
    private static readonly int[] SolidPacks = [6, 10, 12, 14, 20, 24, 28, 30, 50, 60, 90, 100];

    private static readonly (string Latin, string Russian)[] Modifiers =
    [
        ("Forte", "Форте"), ("Extra", "Экстра"), ("Plus", "Плюс"), ("Neo", "Нео"), ("Max", "Макс"), ("Duo", "Дуо"),
        ("Retard", "Ретард"), ("Express", "Экспресс"), ("Kids", "Кидс"), ("Ultra", "Ультра"), ("Rapid", "Рапид"),
        ("Long", "Лонг"), ("Mini", "Мини"), ("Active", "Актив"), ("Lux", "Люкс"), ("Solo", "Соло"),
    ];

    private static readonly (string Latin, string Russian)[] MakerSuffixes =
    [
        ("Akos", "Акос"), ("Teva", "Тева"), ("Sandoz", "Сандоз"), ("Vramed", "Врамед"), ("Darnitsa", "Дарница"),
        ("Zentiva", "Зентива"), ("Renewal", "Реневал"), ("Nika", "Ника"), ("UBF", "УБФ"), ("Lek", "Лек"),
        ("Pharm", "Фарм"), ("MS", "МС"), ("Belmed", "Белмед"), ("Ozon", "Озон"), ("Hemofarm", "Хемофарм"),
        ("Remedy", "Ремеди"), ("Jurabek", "Джурабек"), ("Radiks", "Радикс"), ("Richter", "Рихтер"), ("KRKA", "КРКА"),
    ];

    private readonly Template[] _templates;
    private readonly Dictionary<string, Template[]> _byForm;
    private readonly int[] _subcategories;
    private readonly int[] _substances;
    private readonly int[] _manufacturers;
    private readonly int[] _branches;
    private readonly HashSet<string> _demoSlugs;
    private readonly int _seed;

    private CatalogGenerator(Template[] templates, int[] subcategories, int[] substances, int[] manufacturers, int[] branches, HashSet<string> demoSlugs, int seed)
    {
        _templates = templates;
        _byForm = templates.Where(t => t.TailLatin.Length > 0).GroupBy(t => t.Form).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _subcategories = subcategories;
        _substances = substances;
        _manufacturers = manufacturers;
        _branches = branches;
        _demoSlugs = demoSlugs;
        _seed = seed;
    }

    public static async Task<CatalogGenerator> LoadAsync(DorixonaDbContext db, int seed)
    {
        var demoSlugs = ReadDemoSlugs();
        // Everything is put in a fixed (ordinal) order here, so ids alone decide nothing about what is generated.
        var subcategories = (await db.Categories.AsNoTracking().Where(c => c.ParentId != null).Select(c => new { c.Id, c.Slug }).ToListAsync())
            .OrderBy(c => c.Slug, StringComparer.Ordinal).Select(c => c.Id).ToArray();
        var substances = (await db.ActiveSubstances.AsNoTracking().Select(s => new { s.Id, s.Inn }).ToListAsync())
            .OrderBy(s => s.Inn, StringComparer.Ordinal).Select(s => s.Id).ToArray();
        var manufacturers = (await db.Manufacturers.AsNoTracking().Select(m => new { m.Id, m.Name }).ToListAsync())
            .OrderBy(m => m.Name, StringComparer.Ordinal).Select(m => m.Id).ToArray();
        var branches = (await db.Branches.AsNoTracking().Where(b => b.IsActive).Select(b => new { b.Id, b.Code }).ToListAsync())
            .OrderBy(b => b.Code, StringComparer.Ordinal).Select(b => b.Id).ToArray();
        var products = await db.Products.AsNoTracking().IgnoreQueryFilters().Where(p => demoSlugs.Contains(p.Slug))
            .Select(p => new
            {
                p.Slug, p.Name, p.NameRu, p.Description, p.CategoryId, p.ManufacturerId, p.DosageForm, p.Strength, p.PackSize, p.Price,
                p.RequiresPrescription, Substances = p.Substances.Select(s => s.SubstanceId).ToList(),
            }).ToListAsync();
        if (products.Count == 0 || subcategories.Length == 0 || branches.Length == 0)
            throw new InvalidOperationException("The demo catalog is missing: the seeder should have loaded it.");
        var templates = products.OrderBy(p => p.Slug, StringComparer.Ordinal).Select(p =>
        {
            var (baseLatin, tailLatin) = SplitName(p.Name);
            var (baseRussian, tailRussian) = SplitName(p.NameRu.Length > 0 ? p.NameRu : p.Name);
            return new Template(baseLatin, tailLatin, baseRussian, tailRussian, p.Description, p.CategoryId, p.ManufacturerId, p.DosageForm,
                p.Strength, p.PackSize, p.Price, p.RequiresPrescription, [.. p.Substances.Order()]);
        }).ToArray();
        return new CatalogGenerator(templates, subcategories, substances, manufacturers, branches, demoSlugs, seed);
    }

    public async Task<int> CountGeneratedAsync(DorixonaDbContext db) =>
        await db.Products.IgnoreQueryFilters().CountAsync(p => !_demoSlugs.Contains(p.Slug));

    /// <summary>Products number <paramref name="first"/>.. of the generated sequence, with ids from <paramref name="firstId"/>.</summary>
    public List<GeneratedProduct> Generate(int first, int count, int firstId)
    {
        var list = new List<GeneratedProduct>(count);
        for (var j = 0; j < count; j++) list.Add(Make(first + j, firstId + j));
        return list;
    }

    private GeneratedProduct Make(int k, int id)
    {
        var r = new Random(unchecked(_seed * 31 + k * -1640531535));
        var t = _templates[r.Next(_templates.Length)];

        // Name: the template's brand or generic name, maybe a modifier, maybe a maker suffix, then a strength of the same form.
        var latin = new StringBuilder(t.BaseLatin);
        var russian = new StringBuilder(t.BaseRussian);
        if (r.NextDouble() < 0.45)
        {
            var (l, ru) = Modifiers[r.Next(Modifiers.Length)];
            latin.Append(' ').Append(l);
            russian.Append(' ').Append(ru);
        }
        if (r.NextDouble() < 0.35)
        {
            var (l, ru) = MakerSuffixes[r.Next(MakerSuffixes.Length)];
            latin.Append('-').Append(l);
            russian.Append('-').Append(ru);
        }
        var strengthFrom = t;
        // Only names that carry a strength get another one ("Panangin" stays without).
        if (t.TailLatin.Length > 0 && r.NextDouble() < 0.35 && _byForm.TryGetValue(t.Form, out var sameForm)) strengthFrom = sameForm[r.Next(sameForm.Length)];
        if (strengthFrom.TailLatin.Length > 0)
        {
            latin.Append(' ').Append(strengthFrom.TailLatin);
            russian.Append(' ').Append(strengthFrom.TailRussian);
        }

        var form = r.NextDouble() < 0.8 ? t.Form : DosageForms.All[r.Next(DosageForms.All.Count)];
        var pack = Array.IndexOf(SolidForms, form) >= 0 && r.NextDouble() < 0.6 ? SolidPacks[r.Next(SolidPacks.Length)] : t.PackSize;
        var category = r.NextDouble() < 0.75 ? t.CategoryId : _subcategories[r.Next(_subcategories.Length)];
        var manufacturer = r.NextDouble() < 0.4 ? t.ManufacturerId : _manufacturers[r.Next(_manufacturers.Length)];

        var substances = t.Substances.ToList();
        if (substances.Count < 3 && r.NextDouble() < 0.12)
        {
            var extra = _substances[r.Next(_substances.Length)];
            if (!substances.Contains(extra)) substances.Add(extra);
        }

        // Mostly near the template's price (so insulin stays dear and analgin cheap), some anywhere in 1 000–500 000.
        double price = r.NextDouble() < 0.8
            ? t.Price * Math.Exp((r.NextDouble() - 0.4) * 1.6)
            : Math.Exp(Math.Log(1_000) + r.NextDouble() * (Math.Log(500_000) - Math.Log(1_000)));
        var rounded = Math.Clamp((long)Math.Round(price / 100) * 100, 1_000, 500_000);
        long? oldPrice = r.NextDouble() < 0.1 ? (long)Math.Round(rounded * (1.1 + r.NextDouble() * 0.3) / 100) * 100 : null;

        // Stock at 1–4 distinct branches; a tenth of those rows are carried but sold out (quantity 0).
        var stock = new List<(int, int)>();
        var branchCount = 1 + r.Next(Math.Min(4, _branches.Length));
        foreach (var b in _branches.OrderBy(_ => r.Next()).Take(branchCount).Order())
            stock.Add((b, r.NextDouble() < 0.1 ? 0 : 1 + r.Next(300)));

        var name = latin.ToString();
        return new GeneratedProduct(
            id, $"{Slugify(name)}-{pack}-n{k}", Truncate(name, 200), Truncate(russian.ToString(), 200), t.Description, category, manufacturer, form,
            strengthFrom.Strength, pack, Ean13(k), rounded, oldPrice, t.Rx, new DateOnly(2026, 6, 1).AddDays(r.Next(1_400)),
            (int)(Math.Pow(r.NextDouble(), 3) * 5_000), [.. substances.Order()], stock);
    }

    /// <summary>"Lazolvan syrup 30 mg/5 ml" → ("Lazolvan syrup", "30 mg/5 ml"): the name up to its first number, and the rest.</summary>
    internal static (string Base, string Tail) SplitName(string name)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var i = Array.FindIndex(words, w => char.IsAsciiDigit(w[0]));
        if (i <= 0) return (name.Trim(), "");
        return (string.Join(' ', words[..i]), string.Join(' ', words[i..]));
    }

    private static string Slugify(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        var slug = sb.ToString().Trim('-');
        return slug.Length > 120 ? slug[..120].Trim('-') : slug;
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    /// <summary>A valid EAN-13 in the in-store range (prefix 2), unique per generated product.</summary>
    private static string Ean13(int k)
    {
        var digits = "2" + k.ToString("D11", System.Globalization.CultureInfo.InvariantCulture);
        var sum = 0;
        for (var i = 0; i < 12; i++) sum += (digits[i] - '0') * (i % 2 == 0 ? 1 : 3);
        return digits + (char)('0' + (10 - sum % 10) % 10);
    }

    private static HashSet<string> ReadDemoSlugs()
    {
        using var stream = typeof(CatalogSeeder).Assembly.GetManifestResourceStream("SeedData.products.csv")
            ?? throw new InvalidOperationException("SeedData.products.csv is not embedded in Dorixona.Core");
        using var reader = new StreamReader(stream);
        var (rows, _) = ProductCsv.Read(reader);
        return rows.Select(r => r.Values["slug"]).ToHashSet(StringComparer.Ordinal);
    }

    private sealed record Template(
        string BaseLatin, string TailLatin, string BaseRussian, string TailRussian, string Description, int CategoryId, int ManufacturerId,
        string Form, string Strength, int PackSize, long Price, bool Rx, int[] Substances);
}
