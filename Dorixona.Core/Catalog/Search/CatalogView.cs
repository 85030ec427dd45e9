using System.Runtime.InteropServices;

namespace Dorixona.Core.Catalog.Search;

public sealed record Alternative(ProductCard Product, long CheaperBy, int CheaperByPercent);

/// <summary>What pages and the API read: search with filters and counts, listings, alternatives.</summary>
public sealed class CatalogView
{
    private const byte Exact = 3, Prefix = 2, Fuzzy = 1;

    private readonly StockLevels _levels;

    internal CatalogView(StockLevels levels) => _levels = levels;

    public CatalogSnapshot Snapshot => _levels.Snapshot;
    private ProductDoc[] Docs => _levels.Snapshot.Docs;

    public CatalogResult Search(CatalogQuery query)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, CatalogQuery.MaxPageSize);
        var page = Math.Max(1, query.Page);
        var full = _levels.Results.TryGetValue(query with { Page = 1, PageSize = 0 }, out var cached) ? cached : Compute(query);
        var items = full.Ordered.Skip((page - 1) * pageSize).Take(pageSize).Select(Card).ToList();
        return new CatalogResult(items, full.Ordered.Length, page, pageSize, full.Facets, full.Swapped);
    }

    /// <summary>
    /// Matches, filters, counts and orders everything once per distinct query (paging aside). The result is
    /// kept with this catalog-and-stock picture, so it is dropped the moment either changes.
    /// </summary>
    private FullResult Compute(CatalogQuery query)
    {
        var (matches, swapped) = Match(query.Text);
        var filter = new Filter(query, Snapshot);
        var passing = new List<Hit>();
        var facets = new FacetCounter();
        foreach (var hit in matches)
        {
            var d = Docs[hit.Doc];
            var stock = _levels.Units[hit.Doc];
            var failed = filter.Failures(d, stock, out var only);
            if (failed == 0)
            {
                passing.Add(hit);
                facets.CountAll(d, stock);
            }
            else if (failed == 1)
            {
                facets.CountOne(only, d, stock);
            }
        }
        var sort = query.Sort ?? (string.IsNullOrWhiteSpace(query.Text) ? CatalogSort.Popularity : CatalogSort.Relevance);
        passing.Sort(new HitOrder(sort, Docs, _levels.Units));
        var result = new FullResult([.. passing.Select(h => h.Doc)], facets.Build(filter), swapped);
        if (_levels.Results.Count >= StockLevels.MaxCachedResults) _levels.Results.Clear();
        _levels.Results[query with { Page = 1, PageSize = 0 }] = result;
        return result;
    }

    /// <summary>The best few products for the box under the search field.</summary>
    public IReadOnlyList<ProductCard> Suggest(string? text, int take = 6) =>
        string.IsNullOrWhiteSpace(text) ? [] : Search(new CatalogQuery { Text = text, PageSize = take, Sort = CatalogSort.Relevance }).Items;

    public ProductCard? Find(int id) => Snapshot.DocById.TryGetValue(id, out var i) ? Card(i) : null;

    public ProductCard? Find(string slug) => Snapshot.DocBySlug.TryGetValue(slug, out var i) ? Card(i) : null;

    /// <summary>Products with exactly the same active substances, cheapest first, with how much cheaper each is.</summary>
    public IReadOnlyList<Alternative> Alternatives(int productId, int take = 20)
    {
        if (!Snapshot.DocById.TryGetValue(productId, out var i)) return [];
        var doc = Docs[i];
        var key = CatalogSnapshot.SubstanceKey(doc.SubstanceIds);
        if (key.Length == 0 || !Snapshot.BySubstances.TryGetValue(key, out var same)) return [];
        return same.Where(j => j != i)
            .OrderBy(j => Docs[j].Price).ThenByDescending(j => _levels.Units[j] > 0).ThenBy(j => Docs[j].Name, StringComparer.Ordinal)
            .Take(take)
            .Select(j => new Alternative(Card(j), doc.Price - Docs[j].Price,
                doc.Price == 0 ? 0 : (int)Math.Round(100.0 * (doc.Price - Docs[j].Price) / doc.Price)))
            .ToList();
    }

    public IReadOnlyList<ProductCard> Popular(int take) =>
        TopK(AllHits(), take, new HitOrder(CatalogSort.Popularity, Docs, _levels.Units)).Select(h => Card(h.Doc)).ToList();

    public IReadOnlyList<ProductCard> Discounted(int take) =>
        AllHits().Where(h => Docs[h.Doc].OldPrice > Docs[h.Doc].Price && _levels.Units[h.Doc] > 0)
            .OrderByDescending(h => (Docs[h.Doc].OldPrice!.Value - Docs[h.Doc].Price) * 100 / Docs[h.Doc].OldPrice!.Value)
            .ThenByDescending(h => Docs[h.Doc].Popularity)
            .Take(take).Select(h => Card(h.Doc)).ToList();

    /// <summary>Top categories with their subcategories, in the admin's order, each with its product count.</summary>
    public IReadOnlyList<(CategoryInfo Category, int Products, IReadOnlyList<(CategoryInfo Category, int Products)> Children)> CategoryTree()
    {
        var counts = new Dictionary<int, int>();
        foreach (var d in Docs)
        {
            counts[d.CategoryId] = counts.GetValueOrDefault(d.CategoryId) + 1;
            if (d.TopCategoryId != d.CategoryId) counts[d.TopCategoryId] = counts.GetValueOrDefault(d.TopCategoryId) + 1;
        }
        var all = Snapshot.Categories.Values;
        return all.Where(c => c.ParentId is null).OrderBy(c => c.SortOrder).ThenBy(c => c.Slug, StringComparer.Ordinal)
            .Select(c => (c, counts.GetValueOrDefault(c.Id),
                (IReadOnlyList<(CategoryInfo, int)>)all.Where(s => s.ParentId == c.Id).OrderBy(s => s.SortOrder).ThenBy(s => s.Slug, StringComparer.Ordinal)
                    .Select(s => (s, counts.GetValueOrDefault(s.Id))).ToList()))
            .ToList();
    }

    internal sealed record FullResult(int[] Ordered, CatalogFacets Facets, string? Swapped);

    private ProductCard Card(int i)
    {
        var d = Docs[i];
        var s = Snapshot;
        return new ProductCard(d.Id, d.Slug, d.Name, d.NameRu,
            d.SubstanceIds.Select(id => s.Substances.GetValueOrDefault(id)).OfType<SubstanceRef>().ToList(),
            d.ManufacturerId, s.Manufacturers.GetValueOrDefault(d.ManufacturerId)?.Name ?? "", d.CategoryId, d.DosageForm, d.Strength,
            d.PackSize, d.Price, d.OldPrice, _levels.Units[i], d.Rx, d.Image, d.Popularity);
    }

    private IEnumerable<Hit> AllHits()
    {
        for (var i = 0; i < Docs.Length; i++) yield return new Hit(i, 0, Exact);
    }

    // ---- text matching -------------------------------------------------------------------------

    private (IEnumerable<Hit> Hits, string? Swapped) Match(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (AllHits(), null);
        var direct = MatchText(text);
        // Text that already matches exactly or by prefix was not typed on the wrong layout; skip the second pass.
        if (direct.Any(h => h.Kind >= Prefix)) return (direct, null);
        var swappedText = SearchText.SwapKeyboardLayout(text);
        if (swappedText is null) return (direct, null);
        var swapped = MatchText(swappedText);
        // Wrong-layout text is gibberish in its own layout: prefer the swap only when it matches better.
        var directBest = direct.Count == 0 ? 0 : direct.Max(h => h.Kind * 1000 + h.Score);
        var swappedBest = swapped.Count == 0 ? 0 : swapped.Max(h => h.Kind * 1000 + h.Score) * 0.95f;
        return swappedBest > directBest ? (swapped, swappedText) : (direct, null);
    }

    private List<Hit> MatchText(string text)
    {
        var words = SearchText.Tokens(text).Where(w => w.Length >= 2 || char.IsAsciiDigit(w[0])).Distinct().ToList();
        if (words.Count == 0) return [];
        Dictionary<int, (float Score, byte Kind)>? acc = null;
        foreach (var word in words)
        {
            var matches = Snapshot.MatchCache.GetOrAdd(word, MatchWord);
            if (Snapshot.MatchCache.Count > 50_000) Snapshot.MatchCache.Clear();
            var best = new Dictionary<int, (float Score, byte Kind)>();
            foreach (var m in matches)
            {
                foreach (var p in Snapshot.Postings[m.Word])
                {
                    var score = m.Score * p.Weight;
                    if (!best.TryGetValue(p.Doc, out var b) || b.Score < score) best[p.Doc] = (score, Math.Max(m.Kind, b.Kind));
                }
            }
            if (acc is null)
            {
                acc = best;
                continue;
            }
            var next = new Dictionary<int, (float Score, byte Kind)>(Math.Min(acc.Count, best.Count));
            foreach (var (doc, a) in acc)
                if (best.TryGetValue(doc, out var b)) next[doc] = (a.Score + b.Score, Math.Min(a.Kind, b.Kind));
            acc = next;
            if (acc.Count == 0) break;
        }
        return acc!.Select(kv => new Hit(kv.Key, kv.Value.Score, kv.Value.Kind)).ToList();
    }

    /// <summary>Every vocabulary word the query word could mean: itself, words it starts, and close misspellings.</summary>
    private WordMatch[] MatchWord(string word)
    {
        var words = Snapshot.Words;
        var found = new Dictionary<int, WordMatch>();
        var start = LowerBound(words, word);
        for (var i = start; i < words.Length && words[i].StartsWith(word, StringComparison.Ordinal); i++)
        {
            var exact = words[i].Length == word.Length;
            found[i] = new WordMatch(i, exact ? 100 : 70 + 30f * word.Length / words[i].Length, exact ? Exact : Prefix);
        }
        if (char.IsAsciiDigit(word[0]) || word.Length < 4) return [.. found.Values];

        var max = word.Length >= 8 ? 2 : 1;
        var byLength = Snapshot.WordsByLength;
        for (var len = Math.Max(1, word.Length - max); len <= Math.Min(word.Length + max, CatalogSnapshot.MaxBucketLength); len++)
        {
            foreach (var i in byLength[len])
            {
                if (found.ContainsKey(i)) continue;
                var distance = SearchText.Distance(word, words[i], max);
                if (distance <= max) found[i] = new WordMatch(i, 60 - 15 * distance, Fuzzy);
            }
        }
        // Still typing, with a slip: "paraset" for "parasetamol".
        if (word.Length >= 5)
        {
            for (var len = word.Length + 1; len <= Math.Min(word.Length + 10, CatalogSnapshot.MaxBucketLength); len++)
            {
                foreach (var i in byLength[len])
                {
                    if (found.ContainsKey(i)) continue;
                    if (SearchText.Distance(word, words[i][..word.Length], 1) <= 1) found[i] = new WordMatch(i, 45, Fuzzy);
                }
            }
        }
        return [.. found.Values];
    }

    private static int LowerBound(string[] sorted, string value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(sorted[mid], value) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static List<Hit> TopK(IEnumerable<Hit> hits, int k, IComparer<Hit> order)
    {
        // Keep the k best in a heap whose top is the worst kept: O(n log k) instead of sorting everything.
        var heap = new PriorityQueue<Hit, Hit>(Comparer<Hit>.Create((a, b) => order.Compare(b, a)));
        foreach (var h in hits)
        {
            if (heap.Count < k) heap.Enqueue(h, h);
            else if (order.Compare(h, heap.Peek()) < 0) heap.EnqueueDequeue(h, h);
        }
        var list = new List<Hit>(heap.Count);
        while (heap.Count > 0) list.Add(heap.Dequeue());
        list.Reverse();
        return list;
    }

    private readonly record struct Hit(int Doc, float Score, byte Kind);

    private sealed class HitOrder(CatalogSort sort, ProductDoc[] docs, int[] units) : IComparer<Hit>
    {
        public int Compare(Hit a, Hit b)
        {
            // Whatever the sort, what can be bought now comes before what cannot.
            var c = (units[b.Doc] > 0).CompareTo(units[a.Doc] > 0);
            if (c != 0) return c;
            var x = docs[a.Doc];
            var y = docs[b.Doc];
            c = sort switch
            {
                CatalogSort.PriceAsc => x.Price.CompareTo(y.Price),
                CatalogSort.PriceDesc => y.Price.CompareTo(x.Price),
                CatalogSort.Name => string.Compare(x.Name, y.Name, StringComparison.OrdinalIgnoreCase),
                CatalogSort.Popularity => y.Popularity.CompareTo(x.Popularity),
                _ => b.Kind != a.Kind ? b.Kind.CompareTo(a.Kind) : b.Score.CompareTo(a.Score),
            };
            if (c != 0) return c;
            c = y.Popularity.CompareTo(x.Popularity);
            return c != 0 ? c : x.Id.CompareTo(y.Id);
        }
    }

    // ---- filters and their counts ---------------------------------------------------------------

    private enum Dim { Category, Substance, Manufacturer, Form, Rx, Price, Stock }

    private sealed class Filter(CatalogQuery q, CatalogSnapshot snapshot)
    {
        public CatalogQuery Query => q;

        /// <summary>How many filters the product fails; when exactly one, which (its count still shows under that filter).</summary>
        public int Failures(ProductDoc d, int stock, out Dim only)
        {
            var failed = 0;
            only = Dim.Category;
            if (q.CategoryId is { } c && d.CategoryId != c && d.TopCategoryId != c) Fail(Dim.Category, ref failed, ref only);
            if (q.SubstanceId is { } s && Array.IndexOf(d.SubstanceIds, s) < 0) Fail(Dim.Substance, ref failed, ref only);
            if (q.ManufacturerId is { } m && d.ManufacturerId != m) Fail(Dim.Manufacturer, ref failed, ref only);
            if (!string.IsNullOrEmpty(q.Form) && d.DosageForm != q.Form) Fail(Dim.Form, ref failed, ref only);
            if (q.Rx is { } rx && d.Rx != rx) Fail(Dim.Rx, ref failed, ref only);
            if (q.MinPrice is { } min && d.Price < min || q.MaxPrice is { } max && d.Price > max) Fail(Dim.Price, ref failed, ref only);
            if (q.InStockOnly && stock <= 0) Fail(Dim.Stock, ref failed, ref only);
            return failed;
        }

        public bool IsKnownCategory => q.CategoryId is null || snapshot.Categories.ContainsKey(q.CategoryId.Value);

        private static void Fail(Dim dim, ref int failed, ref Dim only)
        {
            failed++;
            only = dim;
        }
    }

    private sealed class FacetCounter
    {
        private static readonly long[] Bounds = [10_000, 30_000, 70_000, 150_000];

        private readonly Dictionary<int, int> _categories = [];
        private readonly Dictionary<int, int> _substances = [];
        private readonly Dictionary<int, int> _manufacturers = [];
        private readonly Dictionary<string, int> _forms = new(StringComparer.Ordinal);
        private readonly int[] _buckets = new int[Bounds.Length + 1];
        private int _rx, _otc, _inStock;
        private long? _min, _max;

        private static readonly Dim[] AllDims = Enum.GetValues<Dim>();

        public void CountAll(ProductDoc d, int stock)
        {
            foreach (var dim in AllDims) CountOne(dim, d, stock);
        }

        public void CountOne(Dim dim, ProductDoc d, int stock)
        {
            switch (dim)
            {
                case Dim.Category:
                    Inc(_categories, d.CategoryId);
                    if (d.TopCategoryId != d.CategoryId) Inc(_categories, d.TopCategoryId);
                    break;
                case Dim.Substance:
                    foreach (var s in d.SubstanceIds) Inc(_substances, s);
                    break;
                case Dim.Manufacturer: Inc(_manufacturers, d.ManufacturerId); break;
                case Dim.Form: CollectionsMarshal.GetValueRefOrAddDefault(_forms, d.DosageForm, out _)++; break;
                case Dim.Rx:
                    if (d.Rx) _rx++;
                    else _otc++;
                    break;
                case Dim.Price:
                    var b = 0;
                    while (b < Bounds.Length && d.Price >= Bounds[b]) b++;
                    _buckets[b]++;
                    _min = _min is null ? d.Price : Math.Min(_min.Value, d.Price);
                    _max = _max is null ? d.Price : Math.Max(_max.Value, d.Price);
                    break;
                case Dim.Stock:
                    if (stock > 0) _inStock++;
                    break;
            }
        }

        public CatalogFacets Build(Filter filter)
        {
            var buckets = new List<PriceBucket>();
            for (var i = 0; i <= Bounds.Length; i++)
                buckets.Add(new PriceBucket(i == 0 ? null : Bounds[i - 1], i == Bounds.Length ? null : Bounds[i] - 1, _buckets[i]));
            return new CatalogFacets(
                Ordered(_categories, filter.Query.CategoryId, int.MaxValue),
                Ordered(_substances, filter.Query.SubstanceId, 30),
                Ordered(_manufacturers, filter.Query.ManufacturerId, 30),
                _forms.OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal).Select(f => new FacetValue<string>(f.Key, f.Value)).ToList(),
                _rx, _otc, _inStock, buckets, _min, _max);
        }

        private static List<FacetValue<int>> Ordered(Dictionary<int, int> counts, int? selected, int take)
        {
            var list = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key).Take(take).Select(c => new FacetValue<int>(c.Key, c.Value)).ToList();
            if (selected is { } s && list.All(v => v.Value != s)) list.Insert(0, new FacetValue<int>(s, counts.GetValueOrDefault(s)));
            return list;
        }

        private static void Inc(Dictionary<int, int> counts, int key) => CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _)++;
    }
}
