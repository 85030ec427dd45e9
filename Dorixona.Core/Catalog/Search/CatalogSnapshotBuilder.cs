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
        var rows = await db.Products.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Id).Select(Row).ToListAsync(ct);

        var docs = new List<ProductDoc>(rows.Count);
        foreach (var r in rows)
            if (Doc(r, categories, links) is { } doc) docs.Add(doc);

        // word -> (doc -> best weight)
        var index = new Dictionary<string, Dictionary<int, float>>(StringComparer.Ordinal);
        var sources = new WordSources(substances, manufacturers);
        for (var i = 0; i < docs.Count; i++)
            foreach (var (w, weight) in sources.Of(docs[i]))
            {
                if (!index.TryGetValue(w, out var inWord)) index[w] = inWord = [];
                inWord[i] = weight;
            }
        var words = index.Keys.Order(StringComparer.Ordinal).ToArray();
        var postings = words.Select(w => index[w].Select(p => new Posting(p.Key, p.Value)).ToArray()).ToArray();
        var childrenCategories = ChildrenCategories(categories);
        var forChildren = docs.Select(d => ForChildren(d, childrenCategories)).ToArray();
        var complaints = await ComplaintsAsync(db, categories, ct);
        return new CatalogSnapshot([.. docs], words, postings, categories, substances, manufacturers, revision)
        {
            Complaints = complaints,
            ComplaintPhrases = ComplaintPhrases(complaints, docs),
            ForChildren = forChildren,
        };
    }

    /// <summary>
    /// A new picture from <paramref name="old"/> with these products re-read (edited, new, hidden or deleted): only their
    /// words' postings are rewritten, everything else is shared or moved. Null when a product names a substance or
    /// manufacturer the old picture does not know (a new one: such changes rebuild anyway).
    /// </summary>
    public static async Task<CatalogSnapshot?> UpdateAsync(
        DorixonaDbContext db, CatalogSnapshot old, IReadOnlyCollection<int> productIds, Dictionary<int, DateTime> stamps, CancellationToken ct)
    {
        var ids = productIds.Distinct().ToList();
        var rows = await db.Products.AsNoTracking().Where(p => p.IsActive && ids.Contains(p.Id)).Select(Row).ToListAsync(ct);
        var links = (await db.ProductSubstances.AsNoTracking().Where(x => ids.Contains(x.ProductId)).Select(x => new { x.ProductId, x.SubstanceId }).ToListAsync(ct))
            .GroupBy(x => x.ProductId).ToDictionary(g => g.Key, g => g.Select(x => x.SubstanceId).Order().ToArray());
        var categories = old.Categories as Dictionary<int, CategoryInfo> ?? old.Categories.ToDictionary();
        var fresh = new Dictionary<int, ProductDoc>();
        foreach (var r in rows)
        {
            stamps[r.Id] = r.UpdatedAt;
            if (!old.Manufacturers.ContainsKey(r.ManufacturerId) || links.GetValueOrDefault(r.Id, []).Any(s => !old.Substances.ContainsKey(s))) return null;
            if (Doc(r, categories, links) is { } doc) fresh[doc.Id] = doc;
        }
        // A poll also finds the products this instance just applied from their notice: the same rows change nothing.
        var same = ids.All(id => fresh.TryGetValue(id, out var doc)
            ? old.DocById.TryGetValue(id, out var o) && Same(old.Docs[o], doc)
            : !old.DocById.ContainsKey(id));
        return same ? old : Apply(old, ids, fresh);
    }

    /// <summary>
    /// The picture with the products <paramref name="ids"/> replaced by <paramref name="fresh"/> (those missing there are
    /// gone). Products keep their order by id, as a full build makes it, so every answer equals a fresh build's.
    /// </summary>
    internal static CatalogSnapshot Apply(CatalogSnapshot old, IReadOnlyCollection<int> ids, Dictionary<int, ProductDoc> fresh)
    {
        var oldDocs = old.Docs;
        var removed = ids.Where(id => old.DocById.ContainsKey(id) && !fresh.ContainsKey(id)).ToHashSet();
        var added = fresh.Keys.Where(id => !old.DocById.ContainsKey(id)).Order().ToList();

        // Where each old product goes (null: nowhere moves, the new ones come after the last).
        int[]? moved = null;
        ProductDoc[] docs;
        var addedAt = new Dictionary<int, int>(added.Count);
        var lastId = oldDocs.Length == 0 ? int.MinValue : oldDocs[^1].Id;
        if (removed.Count == 0 && (added.Count == 0 || added[0] > lastId))
        {
            docs = new ProductDoc[oldDocs.Length + added.Count];
            oldDocs.CopyTo(docs, 0);
            for (var i = 0; i < added.Count; i++)
            {
                docs[oldDocs.Length + i] = fresh[added[i]];
                addedAt[added[i]] = oldDocs.Length + i;
            }
        }
        else
        {
            moved = new int[oldDocs.Length];
            var list = new List<ProductDoc>(oldDocs.Length + added.Count - removed.Count);
            var next = 0;
            for (var i = 0; i < oldDocs.Length; i++)
            {
                while (next < added.Count && added[next] < oldDocs[i].Id) AddNew();
                if (removed.Contains(oldDocs[i].Id))
                {
                    moved[i] = -1;
                    continue;
                }
                moved[i] = list.Count;
                list.Add(oldDocs[i]);
            }
            while (next < added.Count) AddNew();
            docs = [.. list];

            void AddNew()
            {
                addedAt[added[next]] = list.Count;
                list.Add(fresh[added[next++]]);
            }
        }
        foreach (var (id, doc) in fresh) docs[Place(id)] = doc;
        int Place(int id) => old.DocById.TryGetValue(id, out var o) ? (moved is null ? o : moved[o]) : addedAt[id];

        // The words of the changed products, before and after, with their weights.
        var sources = new WordSources(old.Substances, old.Manufacturers);
        var changedOld = new HashSet<int>();
        var touched = new Dictionary<string, List<Posting>>(StringComparer.Ordinal);
        foreach (var id in ids.Distinct())
        {
            if (old.DocById.TryGetValue(id, out var o))
            {
                changedOld.Add(o);
                foreach (var (w, _) in sources.Of(oldDocs[o])) touched.TryAdd(w, []);
            }
            if (fresh.TryGetValue(id, out var doc))
            {
                var place = Place(id);
                foreach (var (w, weight) in sources.Of(doc))
                {
                    if (!touched.TryGetValue(w, out var entries)) touched[w] = entries = [];
                    entries.Add(new Posting(place, weight));
                }
            }
        }

        // Each touched word: its other products kept (moved), the changed ones' new entries added, in product order.
        var rewritten = new Dictionary<string, Posting[]>(touched.Count, StringComparer.Ordinal);
        foreach (var (w, entries) in touched)
        {
            var at = Array.BinarySearch(old.Words, w, StringComparer.Ordinal);
            if (at >= 0)
                foreach (var p in old.Postings[at])
                    if (!changedOld.Contains(p.Doc)) entries.Add(moved is null ? p : new Posting(moved[p.Doc], p.Weight));
            entries.Sort(static (a, b) => a.Doc.CompareTo(b.Doc));
            rewritten[w] = [.. entries];
        }

        string[] words;
        Posting[][] postings;
        var wordsKept = rewritten.All(r => r.Value.Length > 0 && Array.BinarySearch(old.Words, r.Key, StringComparer.Ordinal) >= 0);
        if (wordsKept)
        {
            words = old.Words;
            postings = new Posting[words.Length][];
            for (var i = 0; i < words.Length; i++) postings[i] = Moved(old.Postings[i], moved);
            foreach (var (w, entries) in rewritten) postings[Array.BinarySearch(words, w, StringComparer.Ordinal)] = entries;
        }
        else
        {
            // Words came or went: merge the old list (without the emptied) with the new words, both sorted.
            var newWords = rewritten.Where(r => r.Value.Length > 0 && Array.BinarySearch(old.Words, r.Key, StringComparer.Ordinal) < 0)
                .Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
            var wordList = new List<string>(old.Words.Length + newWords.Count);
            var postingList = new List<Posting[]>(old.Words.Length + newWords.Count);
            var n = 0;
            for (var i = 0; i < old.Words.Length; i++)
            {
                var w = old.Words[i];
                while (n < newWords.Count && string.CompareOrdinal(newWords[n], w) < 0)
                {
                    wordList.Add(newWords[n]);
                    postingList.Add(rewritten[newWords[n++]]);
                }
                var entries = rewritten.TryGetValue(w, out var r) ? r : Moved(old.Postings[i], moved);
                if (entries.Length == 0) continue;
                wordList.Add(w);
                postingList.Add(entries);
            }
            for (; n < newWords.Count; n++)
            {
                wordList.Add(newWords[n]);
                postingList.Add(rewritten[newWords[n]]);
            }
            words = [.. wordList];
            postings = [.. postingList];
        }

        var childrenCategories = ChildrenCategories(old.Categories);
        var forChildren = new bool[docs.Length];
        for (var i = 0; i < oldDocs.Length; i++)
        {
            var to = moved is null ? i : moved[i];
            if (to >= 0) forChildren[to] = old.ForChildren[i];
        }
        foreach (var (id, doc) in fresh) forChildren[Place(id)] = ForChildren(doc, childrenCategories);

        // A complaint's products follow their categories: kept when no product moved, came, went or changed category.
        var sameComplaints = moved is null && added.Count == 0 && fresh.Values.All(d => d.CategoryId == oldDocs[old.DocById[d.Id]].CategoryId);
        return new CatalogSnapshot(docs, words, postings, old.Categories, old.Substances, old.Manufacturers, old.Revision)
        {
            Complaints = old.Complaints,
            ComplaintPhrases = sameComplaints ? old.ComplaintPhrases : ComplaintPhrases(old.Complaints, docs),
            ForChildren = forChildren,
        };
    }

    private static bool Same(ProductDoc a, ProductDoc b) =>
        a with { SubstanceIds = b.SubstanceIds } == b && a.SubstanceIds.AsSpan().SequenceEqual(b.SubstanceIds);

    private static Posting[] Moved(Posting[] postings, int[]? moved)
    {
        if (moved is null) return postings;
        var copy = new Posting[postings.Length];
        for (var i = 0; i < postings.Length; i++) copy[i] = new Posting(moved[postings[i].Doc], postings[i].Weight);
        return copy;
    }

    internal sealed record ProductRow(
        int Id, string Slug, string Name, string NameRu, int CategoryId, int ManufacturerId, string DosageForm, string Strength, int PackSize,
        string? Barcode, long Price, long? OldPrice, bool RequiresPrescription, int Popularity, string? Image, DateTime UpdatedAt);

    private static readonly System.Linq.Expressions.Expression<Func<Product, ProductRow>> Row = p => new ProductRow(
        p.Id, p.Slug, p.Name, p.NameRu, p.CategoryId, p.ManufacturerId, p.DosageForm, p.Strength, p.PackSize, p.Barcode,
        p.Price, p.OldPrice, p.RequiresPrescription, p.Popularity, p.Images.OrderBy(i => i.SortOrder).Select(i => i.FileName).FirstOrDefault(), p.UpdatedAt);

    /// <summary>The product as the index keeps it, or null when its category (or that category's parent) is hidden, which hides it too.</summary>
    private static ProductDoc? Doc(ProductRow r, Dictionary<int, CategoryInfo> categories, Dictionary<int, int[]> links)
    {
        if (!categories.TryGetValue(r.CategoryId, out var category)) return null;
        if (category.ParentId is { } parent && !categories.ContainsKey(parent)) return null;
        return new ProductDoc(r.Id, r.Slug, r.Name, r.NameRu, r.CategoryId, category.ParentId ?? category.Id,
            links.GetValueOrDefault(r.Id, []), r.ManufacturerId, r.DosageForm, r.Strength, r.PackSize, r.Barcode,
            r.Price, r.OldPrice, r.RequiresPrescription, r.Popularity, r.Image);
    }

    private static HashSet<int> ChildrenCategories(IReadOnlyDictionary<int, CategoryInfo> categories) =>
        categories.Values.Where(c => QueryWords.SaysChildren(c.Slug, c.NameUz, c.NameRu, c.NameEn)).Select(c => c.Id).ToHashSet();

    private static bool ForChildren(ProductDoc d, HashSet<int> childrenCategories) =>
        childrenCategories.Contains(d.CategoryId) || childrenCategories.Contains(d.TopCategoryId) || QueryWords.SaysChildren(d.Name, d.NameRu);

    /// <summary>
    /// The searchable words of a product with the weight of where each was found (the best place counts): its names and
    /// barcode, its substances' names and its manufacturer's. Substances' and manufacturers' words are folded once each.
    /// </summary>
    private sealed class WordSources(IReadOnlyDictionary<int, SubstanceRef> substances, IReadOnlyDictionary<int, ManufacturerInfo> manufacturers)
    {
        private readonly Dictionary<int, HashSet<string>> _substanceWords = [];
        private readonly Dictionary<int, HashSet<string>> _manufacturerWords = [];

        public Dictionary<string, float> Of(ProductDoc d)
        {
            var words = new Dictionary<string, float>(StringComparer.Ordinal);
            foreach (var w in Words(d.Name, d.NameRu)) Add(words, w, NameWeight);
            foreach (var s in d.SubstanceIds)
                foreach (var w in SubstanceWords(s)) Add(words, w, SubstanceWeight);
            foreach (var w in ManufacturerWords(d.ManufacturerId)) Add(words, w, ManufacturerWeight);
            if (!string.IsNullOrEmpty(d.Barcode)) Add(words, d.Barcode, NameWeight);
            return words;
        }

        private HashSet<string> SubstanceWords(int id)
        {
            if (_substanceWords.TryGetValue(id, out var words)) return words;
            return _substanceWords[id] = substances.TryGetValue(id, out var s) ? Words(s.Inn, s.NameUz, s.NameRu) : [];
        }

        private HashSet<string> ManufacturerWords(int id)
        {
            if (_manufacturerWords.TryGetValue(id, out var words)) return words;
            return _manufacturerWords[id] = manufacturers.TryGetValue(id, out var m) ? Words(m.Name) : [];
        }

        private static void Add(Dictionary<string, float> words, string word, float weight)
        {
            if (!words.TryGetValue(word, out var w) || w < weight) words[word] = weight;
        }
    }

    private static async Task<ComplaintLinks[]> ComplaintsAsync(DorixonaDbContext db, Dictionary<int, CategoryInfo> categories, CancellationToken ct)
    {
        var complaints = await db.Complaints.AsNoTracking().Where(c => c.IsActive).Include(c => c.Categories).OrderBy(c => c.Id).ToListAsync(ct);
        return [.. complaints.Select(c => new ComplaintLinks(new ComplaintInfo(c.Id, c.Slug, c.NameUz, c.NameRu, c.NameEn),
            c.Categories.Select(x => x.CategoryId).Where(categories.ContainsKey).ToHashSet(),
            [.. Complaint.SplitSynonyms(c.Synonyms).Prepend(c.NameRu).Prepend(c.NameUz)]))];
    }

    /// <summary>Every spelling of every complaint with the products of its categories, the longest spelling first.</summary>
    private static ComplaintPhrase[] ComplaintPhrases(ComplaintLinks[] complaints, IReadOnlyList<ProductDoc> docs)
    {
        var phrases = new List<ComplaintPhrase>();
        foreach (var c in complaints)
        {
            var matching = Enumerable.Range(0, docs.Count).Where(i => c.Categories.Contains(docs[i].CategoryId) || c.Categories.Contains(docs[i].TopCategoryId)).ToArray();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var spelling in c.Spellings)
            {
                var tokens = SearchText.Tokens(spelling).Where(t => QueryWords.Of(t) == QueryWords.Kind.Content).ToArray();
                if (tokens.Length > 0 && seen.Add(string.Join(' ', tokens))) phrases.Add(new ComplaintPhrase(c.Complaint, tokens, matching));
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
}
