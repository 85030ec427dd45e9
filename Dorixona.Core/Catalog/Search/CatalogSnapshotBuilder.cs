using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Catalog.Search;

internal static class CatalogSnapshotBuilder
{
    // How much a word counts depending on where it was found.
    private const float NameWeight = 1f;
    private const float SubstanceWeight = 0.85f;
    private const float ManufacturerWeight = 0.6f;

    public static async Task<CatalogSnapshot> BuildAsync(DorixonaDbContext db, long revision, CancellationToken ct)
    {
        var categories = await db.Categories.AsNoTracking().Where(c => c.IsActive)
            .Select(c => new CategoryInfo(c.Id, c.ParentId, c.Slug, c.NameUz, c.NameRu, c.NameEn, c.Icon, c.SortOrder))
            .ToDictionaryAsync(c => c.Id, ct);
        var substances = await db.ActiveSubstances.AsNoTracking()
            .Select(s => new SubstanceRef(s.Id, s.Inn, s.NameUz, s.NameRu)).ToDictionaryAsync(s => s.Id, ct);
        var manufacturers = await db.Manufacturers.AsNoTracking()
            .Select(m => new ManufacturerInfo(m.Id, m.Name, m.Country)).ToDictionaryAsync(m => m.Id, ct);
        var links = (await db.ProductSubstances.AsNoTracking().Select(x => new { x.ProductId, x.SubstanceId }).ToListAsync(ct))
            .GroupBy(x => x.ProductId).ToDictionary(g => g.Key, g => g.Select(x => x.SubstanceId).Order().ToArray());
        var rows = await db.Products.AsNoTracking().Where(p => p.IsActive)
            .OrderBy(p => p.Id)
            .Select(p => new
            {
                p.Id, p.Slug, p.Name, p.NameRu, p.CategoryId, p.ManufacturerId, p.DosageForm, p.Strength, p.PackSize, p.Barcode,
                p.Price, p.OldPrice, p.RequiresPrescription, p.Popularity,
                Image = p.Images.OrderBy(i => i.SortOrder).Select(i => i.FileName).FirstOrDefault(),
            })
            .ToListAsync(ct);

        var docs = new List<ProductDoc>(rows.Count);
        foreach (var r in rows)
        {
            // A product in a hidden category (or under a hidden parent) is hidden too.
            if (!categories.TryGetValue(r.CategoryId, out var category)) continue;
            if (category.ParentId is { } parent && !categories.ContainsKey(parent)) continue;
            docs.Add(new ProductDoc(r.Id, r.Slug, r.Name, r.NameRu, r.CategoryId, category.ParentId ?? category.Id,
                links.GetValueOrDefault(r.Id, []), r.ManufacturerId, r.DosageForm, r.Strength, r.PackSize, r.Barcode,
                r.Price, r.OldPrice, r.RequiresPrescription, r.Popularity, r.Image));
        }

        // word -> (doc -> best weight)
        var index = new Dictionary<string, Dictionary<int, float>>(StringComparer.Ordinal);
        var substanceWords = substances.ToDictionary(s => s.Key, s => Words(s.Value.Inn, s.Value.NameUz, s.Value.NameRu));
        var manufacturerWords = manufacturers.ToDictionary(m => m.Key, m => Words(m.Value.Name));
        for (var i = 0; i < docs.Count; i++)
        {
            var d = docs[i];
            foreach (var w in Words(d.Name, d.NameRu)) Add(index, w, i, NameWeight);
            foreach (var s in d.SubstanceIds)
                foreach (var w in substanceWords.GetValueOrDefault(s, [])) Add(index, w, i, SubstanceWeight);
            foreach (var w in manufacturerWords.GetValueOrDefault(d.ManufacturerId, [])) Add(index, w, i, ManufacturerWeight);
            if (!string.IsNullOrEmpty(d.Barcode)) Add(index, d.Barcode, i, NameWeight);
        }
        var words = index.Keys.Order(StringComparer.Ordinal).ToArray();
        var postings = words.Select(w => index[w].Select(p => new Posting(p.Key, p.Value)).ToArray()).ToArray();
        var childrenCategories = categories.Values.Where(c => QueryWords.SaysChildren(c.Slug, c.NameUz, c.NameRu, c.NameEn)).Select(c => c.Id).ToHashSet();
        var forChildren = docs.Select(d => childrenCategories.Contains(d.CategoryId) || childrenCategories.Contains(d.TopCategoryId) || QueryWords.SaysChildren(d.Name, d.NameRu)).ToArray();
        return new CatalogSnapshot([.. docs], words, postings, categories, substances, manufacturers, revision)
        {
            ComplaintPhrases = await ComplaintPhrasesAsync(db, docs, categories, ct),
            ForChildren = forChildren,
        };
    }

    private static async Task<ComplaintPhrase[]> ComplaintPhrasesAsync(DorixonaDbContext db, List<ProductDoc> docs, Dictionary<int, CategoryInfo> categories, CancellationToken ct)
    {
        var complaints = await db.Complaints.AsNoTracking().Where(c => c.IsActive).Include(c => c.Categories).OrderBy(c => c.Id).ToListAsync(ct);
        var phrases = new List<ComplaintPhrase>();
        foreach (var c in complaints)
        {
            var info = new ComplaintInfo(c.Id, c.Slug, c.NameUz, c.NameRu, c.NameEn);
            var linked = c.Categories.Select(x => x.CategoryId).Where(categories.ContainsKey).ToHashSet();
            var matching = Enumerable.Range(0, docs.Count).Where(i => linked.Contains(docs[i].CategoryId) || linked.Contains(docs[i].TopCategoryId)).ToArray();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var spelling in Complaint.SplitSynonyms(c.Synonyms).Prepend(c.NameRu).Prepend(c.NameUz))
            {
                var tokens = SearchText.Tokens(spelling).Where(t => QueryWords.Of(t) == QueryWords.Kind.Content).ToArray();
                if (tokens.Length > 0 && seen.Add(string.Join(' ', tokens))) phrases.Add(new ComplaintPhrase(info, tokens, matching));
            }
        }
        return [.. phrases.OrderByDescending(p => p.Tokens.Length)];
    }

    /// <summary>Folded words of the texts, plus each adjacent pair joined ("No-Spa" is found as "nospa" too).</summary>
    internal static HashSet<string> Words(params string?[] texts)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var tokens = SearchText.Tokens(text).Select(QueryWords.Canonical).ToList();
            for (var i = 0; i < tokens.Count; i++)
            {
                set.Add(tokens[i]);
                if (i + 1 < tokens.Count && !char.IsAsciiDigit(tokens[i + 1][0])) set.Add(SearchText.Phonetic(tokens[i] + tokens[i + 1]));
            }
        }
        return set;
    }

    private static void Add(Dictionary<string, Dictionary<int, float>> index, string word, int doc, float weight)
    {
        if (!index.TryGetValue(word, out var docs)) index[word] = docs = [];
        if (!docs.TryGetValue(doc, out var w) || w < weight) docs[doc] = weight;
    }
}
