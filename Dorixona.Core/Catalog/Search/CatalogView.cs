using System.Runtime.InteropServices;

namespace Dorixona.Core.Catalog.Search;

public sealed record Alternative(ProductCard Product, long CheaperBy, int CheaperByPercent);

/// <summary>What pages and the API read: search with filters and counts, listings, alternatives.</summary>
public sealed class CatalogView
{
    private const byte Exact = 3, Prefix = 2, Fuzzy = 1;
    private const int MinBarcodeLength = 8, MinBarcodePrefix = 5;

    private readonly StockLevels _levels;

    internal CatalogView(StockLevels levels) => _levels = levels;

    public CatalogSnapshot Snapshot => _levels.Snapshot;
    internal StockLevels Levels => _levels;
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
    /// kept with this catalog-and-stock picture, so it is dropped the moment either changes; the word matches
    /// behind it live with the catalog picture and survive stock changes.
    /// </summary>
    private FullResult Compute(CatalogQuery query)
    {
        var (hits, swapped) = Match(query.Text);
        var filter = new Filter(query, Snapshot.Facets);
        var facets = new FacetCounter(Snapshot.Facets);
        var units = _levels.Units;
        var sort = query.Sort ?? (hits is null ? CatalogSort.Popularity : CatalogSort.Relevance);
        int[] ordered;
        if (hits is null)
        {
            // No text: every product is a candidate and the order is known in advance; walk it, in stock first.
            var passes = new bool[Docs.Length];
            var count = 0;
            for (var i = 0; i < Docs.Length; i++)
                if (Consider(i, filter, facets)) { passes[i] = true; count++; }
            var rank = Snapshot.Rank(sort);
            var inOrder = new int[Docs.Length];
            for (var i = 0; i < rank.Length; i++) inOrder[rank[i]] = i;
            ordered = new int[count];
            var n = 0;
            foreach (var i in inOrder) if (passes[i] && units[i] > 0) ordered[n++] = i;
            foreach (var i in inOrder) if (passes[i] && units[i] <= 0) ordered[n++] = i;
        }
        else
        {
            var docs = new List<int>(hits.Length);
            var keys = new List<long>(hits.Length);
            var rank = Snapshot.Rank(sort == CatalogSort.Relevance ? CatalogSort.Popularity : sort);
            foreach (var hit in hits)
            {
                if (!Consider(hit.Doc, filter, facets)) continue;
                docs.Add(hit.Doc);
                keys.Add(SortKey(hit, sort, units[hit.Doc] > 0, rank[hit.Doc]));
            }
            ordered = [.. docs];
            var keyArray = keys.ToArray();
            Array.Sort(keyArray, ordered);
        }
        var result = new FullResult(ordered, facets.Build(filter), swapped);
        if (_levels.Results.Count >= StockLevels.MaxCachedResults) _levels.Results.Clear();
        _levels.Results[query with { Page = 1, PageSize = 0 }] = result;
        return result;
    }

    /// <summary>Counts the product under the filters it would pass; true when it passes all of them.</summary>
    private bool Consider(int doc, Filter filter, FacetCounter facets)
    {
        var stock = _levels.Units[doc];
        var failed = filter.Failures(doc, Docs[doc], stock, out var only);
        if (failed == 0)
        {
            facets.CountAll(doc, Docs[doc], stock);
            return true;
        }
        if (failed == 1) facets.CountOne(only, doc, Docs[doc], stock);
        return false;
    }

    /// <summary>
    /// One number that orders hits ascending: in stock first, then (relevance) the better match kind and score, and
    /// then the product's place in the chosen sort (popularity, then id, for relevance).
    /// </summary>
    private static long SortKey(Hit hit, CatalogSort sort, bool inStock, int rank)
    {
        var key = (inStock ? 0L : 1L) << 61;
        if (sort == CatalogSort.Relevance)
        {
            var score = BitConverter.SingleToInt32Bits(Math.Max(0f, hit.Score)); // a positive float's bits order like the float
            key |= (long)(3 - hit.Kind) << 59 | (long)(int.MaxValue - score) << 28;
        }
        return key | (uint)rank;
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
        var order = Comparer<int>.Create((a, b) =>
        {
            var c = Docs[a].Price.CompareTo(Docs[b].Price);
            if (c == 0) c = (_levels.Units[b] > 0).CompareTo(_levels.Units[a] > 0);
            if (c == 0) c = string.CompareOrdinal(Docs[a].Name, Docs[b].Name);
            return c != 0 ? c : Docs[a].Id.CompareTo(Docs[b].Id);
        });
        return TopK(same.Where(j => j != i), take, order)
            .Select(j => new Alternative(Card(j), doc.Price - Docs[j].Price,
                doc.Price == 0 ? 0 : (int)Math.Round(100.0 * (doc.Price - Docs[j].Price) / doc.Price)))
            .ToList();
    }

    public IReadOnlyList<ProductCard> Popular(int take) =>
        Search(new CatalogQuery { Sort = CatalogSort.Popularity, PageSize = take }).Items;

    /// <summary>The biggest discounts in stock; kept with this stock picture, as the home page asks on every visit.</summary>
    public IReadOnlyList<ProductCard> Discounted(int take) => _levels.Discounted.GetOrAdd(take, k =>
        TopK(Enumerable.Range(0, Docs.Length).Where(i => Docs[i].OldPrice > Docs[i].Price && _levels.Units[i] > 0), k,
                Comparer<int>.Create((a, b) =>
                {
                    var c = Discount(b).CompareTo(Discount(a));
                    if (c == 0) c = Docs[b].Popularity.CompareTo(Docs[a].Popularity);
                    return c != 0 ? c : Docs[a].Id.CompareTo(Docs[b].Id);
                }))
            .Select(Card).ToList());

    private long Discount(int i) => (Docs[i].OldPrice!.Value - Docs[i].Price) * 100 / Docs[i].OldPrice!.Value;

    /// <summary>Top categories with their subcategories, in the admin's order, each with its product count.</summary>
    public IReadOnlyList<(CategoryInfo Category, int Products, IReadOnlyList<(CategoryInfo Category, int Products)> Children)> CategoryTree() =>
        Snapshot.CategoryTree;

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

    // ---- text matching -------------------------------------------------------------------------

    /// <summary>The products the text finds, best match per product; null when there is no text (everything).</summary>
    private (Hit[]? Hits, string? Swapped) Match(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        var direct = MatchText(text);
        // Text that already matches exactly or by prefix was not typed on the wrong layout; skip the second pass.
        if (direct.Any(h => h.Kind >= Prefix)) return (direct, null);
        var swappedText = SearchText.SwapKeyboardLayout(text);
        if (swappedText is null) return (direct, null);
        var swapped = MatchText(swappedText);
        // Wrong-layout text is gibberish in its own layout: prefer the swap only when it matches better.
        var directBest = direct.Length == 0 ? 0 : direct.Max(h => h.Kind * 1000 + h.Score);
        var swappedBest = swapped.Length == 0 ? 0 : swapped.Max(h => h.Kind * 1000 + h.Score) * 0.95f;
        return swappedBest > directBest ? (swapped, swappedText) : (direct, null);
    }

    /// <summary>
    /// Products matching every word of the text. Per word, a product scores its best matching vocabulary word;
    /// the product's score is the sum over the words and its kind the weakest word's. The word with the fewest
    /// postings goes first and later words only look at the products still in, on arrays indexed by product.
    /// </summary>
    private Hit[] MatchText(string text)
    {
        var words = SearchText.Tokens(text).Where(w => w.Length >= 2 || char.IsAsciiDigit(w[0])).Distinct().ToList();
        if (words.Count == 0) return [];
        if (Snapshot.MatchCache.Count > 50_000) Snapshot.MatchCache.Clear();
        var perWord = words.Select(w => Snapshot.MatchCache.GetOrAdd(w, MatchWord))
            .OrderBy(matches => matches.Sum(m => (long)Snapshot.Postings[m.Word].Length)).ToList();

        var n = Docs.Length;
        var pool = System.Buffers.ArrayPool<int>.Shared;
        var stamp = pool.Rent(n);
        var score = System.Buffers.ArrayPool<float>.Shared.Rent(n);
        var wordScore = System.Buffers.ArrayPool<float>.Shared.Rent(n);
        var kind = System.Buffers.ArrayPool<byte>.Shared.Rent(n);
        var wordKind = System.Buffers.ArrayPool<byte>.Shared.Rent(n);
        try
        {
            Array.Clear(stamp, 0, n);
            var members = new List<int>();
            for (var w = 0; w < perWord.Count; w++)
            {
                var previous = w; // stamp of the products that matched every word so far (0 = none yet)
                var current = w + 1;
                foreach (var m in perWord[w])
                {
                    foreach (var p in Snapshot.Postings[m.Word])
                    {
                        var s = m.Score * p.Weight;
                        var d = p.Doc;
                        if (stamp[d] == previous)
                        {
                            stamp[d] = current;
                            wordScore[d] = s;
                            wordKind[d] = m.Kind;
                            if (w == 0) members.Add(d);
                        }
                        else if (stamp[d] == current && wordScore[d] < s)
                        {
                            wordScore[d] = s;
                            wordKind[d] = Math.Max(m.Kind, wordKind[d]);
                        }
                    }
                }
                var kept = new List<int>(w == 0 ? members.Count : Math.Min(members.Count, 1024));
                foreach (var d in members)
                {
                    if (stamp[d] != current) continue;
                    score[d] = w == 0 ? wordScore[d] : score[d] + wordScore[d];
                    kind[d] = w == 0 ? wordKind[d] : Math.Min(kind[d], wordKind[d]);
                    kept.Add(d);
                }
                members = kept;
                if (members.Count == 0) break;
            }
            var hits = new Hit[members.Count];
            for (var i = 0; i < hits.Length; i++) hits[i] = new Hit(members[i], score[members[i]], kind[members[i]]);
            return hits;
        }
        finally
        {
            pool.Return(stamp);
            System.Buffers.ArrayPool<float>.Shared.Return(score);
            System.Buffers.ArrayPool<float>.Shared.Return(wordScore);
            System.Buffers.ArrayPool<byte>.Shared.Return(kind);
            System.Buffers.ArrayPool<byte>.Shared.Return(wordKind);
        }
    }

    /// <summary>Every vocabulary word the query word could mean: itself, words it starts, and close misspellings.</summary>
    private WordMatch[] MatchWord(string word)
    {
        var words = Snapshot.Words;
        var found = new Dictionary<int, WordMatch>();
        var start = LowerBound(words, word);
        // A short number ("20", "500") is a strength or a pack size being typed, not the start of a barcode.
        var barcodePrefix = !char.IsAsciiDigit(word[0]) || word.Length >= MinBarcodePrefix;
        for (var i = start; i < words.Length && words[i].StartsWith(word, StringComparison.Ordinal); i++)
        {
            if (!barcodePrefix && words[i].Length >= MinBarcodeLength) continue;
            var exact = words[i].Length == word.Length;
            found[i] = new WordMatch(i, exact ? 100 : 70 + 30f * word.Length / words[i].Length, exact ? Exact : Prefix);
        }
        if (char.IsAsciiDigit(word[0]) || word.Length < 4) return [.. found.Values];

        var max = word.Length >= 8 ? 2 : 1;
        var byLength = Snapshot.WordsByLength;
        var masks = Snapshot.WordMasks;
        var mask = SearchText.LetterMask(word);
        for (var len = Math.Max(1, word.Length - max); len <= Math.Min(word.Length + max, CatalogSnapshot.MaxBucketLength); len++)
        {
            foreach (var i in byLength[len])
            {
                if (System.Numerics.BitOperations.PopCount(mask ^ masks[i]) > 2 * max || found.ContainsKey(i)) continue;
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
                    var head = words[i].AsSpan(0, word.Length);
                    if (System.Numerics.BitOperations.PopCount(mask ^ SearchText.LetterMask(head)) > 2 || found.ContainsKey(i)) continue;
                    if (SearchText.Distance(word, head, 1) <= 1) found[i] = new WordMatch(i, 45, Fuzzy);
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

    private static List<int> TopK(IEnumerable<int> docs, int k, Comparer<int> order)
    {
        // Keep the k best in a heap whose top is the worst kept: O(n log k) instead of sorting everything.
        var heap = new PriorityQueue<int, int>(Comparer<int>.Create((a, b) => order.Compare(b, a)));
        foreach (var d in docs)
        {
            if (heap.Count < k) heap.Enqueue(d, d);
            else if (order.Compare(d, heap.Peek()) < 0) heap.EnqueueDequeue(d, d);
        }
        var list = new List<int>(heap.Count);
        while (heap.Count > 0) list.Add(heap.Dequeue());
        list.Reverse();
        return list;
    }

    private readonly record struct Hit(int Doc, float Score, byte Kind);

    // ---- filters and their counts ---------------------------------------------------------------

    private enum Dim { Category, Substance, Manufacturer, Form, Rx, Price, Stock }

    private sealed class Filter
    {
        private readonly CatalogQuery _q;
        private readonly int _category = -2, _substance = -2, _manufacturer = -2, _form = -2;

        public Filter(CatalogQuery q, FacetIndex facets)
        {
            _q = q;
            // -2: no filter; -1: a value no product has, so nothing passes.
            if (q.CategoryId is { } c) _category = facets.CategoryNumber(c);
            if (q.SubstanceId is { } s) _substance = facets.SubstanceNumber(s);
            if (q.ManufacturerId is { } m) _manufacturer = facets.ManufacturerNumber(m);
            if (!string.IsNullOrEmpty(q.Form)) _form = facets.FormNumber(q.Form);
            Facets = facets;
        }

        public CatalogQuery Query => _q;
        public FacetIndex Facets { get; }

        /// <summary>How many filters the product fails; when exactly one, which (its count still shows under that filter).</summary>
        public int Failures(int i, ProductDoc d, int stock, out Dim only)
        {
            var failed = 0;
            only = Dim.Category;
            var f = Facets;
            if (_category != -2 && f.Category[i] != _category && f.TopCategory[i] != _category) Fail(Dim.Category, ref failed, ref only);
            if (_substance != -2 && Array.IndexOf(f.Substances[i], _substance) < 0) Fail(Dim.Substance, ref failed, ref only);
            if (_manufacturer != -2 && f.Manufacturer[i] != _manufacturer) Fail(Dim.Manufacturer, ref failed, ref only);
            if (_form != -2 && f.Form[i] != _form) Fail(Dim.Form, ref failed, ref only);
            if (_q.Rx is { } rx && d.Rx != rx) Fail(Dim.Rx, ref failed, ref only);
            if (_q.MinPrice is { } min && d.Price < min || _q.MaxPrice is { } max && d.Price > max) Fail(Dim.Price, ref failed, ref only);
            if (_q.InStockOnly && stock <= 0) Fail(Dim.Stock, ref failed, ref only);
            return failed;
        }

        private static void Fail(Dim dim, ref int failed, ref Dim only)
        {
            failed++;
            only = dim;
        }
    }

    private sealed class FacetCounter(FacetIndex index)
    {
        private static readonly long[] Bounds = [10_000, 30_000, 70_000, 150_000];

        private readonly int[] _categories = new int[index.CategoryIds.Length];
        private readonly int[] _substances = new int[index.SubstanceIds.Length];
        private readonly int[] _manufacturers = new int[index.ManufacturerIds.Length];
        private readonly int[] _forms = new int[index.Forms.Length];
        private readonly int[] _buckets = new int[Bounds.Length + 1];
        private int _rx, _otc, _inStock;
        private long _min = long.MaxValue, _max = long.MinValue;

        public void CountAll(int i, ProductDoc d, int stock)
        {
            for (var dim = Dim.Category; dim <= Dim.Stock; dim++) CountOne(dim, i, d, stock);
        }

        public void CountOne(Dim dim, int i, ProductDoc d, int stock)
        {
            switch (dim)
            {
                case Dim.Category:
                    _categories[index.Category[i]]++;
                    if (index.TopCategory[i] != index.Category[i]) _categories[index.TopCategory[i]]++;
                    break;
                case Dim.Substance:
                    foreach (var s in index.Substances[i]) _substances[s]++;
                    break;
                case Dim.Manufacturer: _manufacturers[index.Manufacturer[i]]++; break;
                case Dim.Form: _forms[index.Form[i]]++; break;
                case Dim.Rx:
                    if (d.Rx) _rx++;
                    else _otc++;
                    break;
                case Dim.Price:
                    var b = 0;
                    while (b < Bounds.Length && d.Price >= Bounds[b]) b++;
                    _buckets[b]++;
                    _min = Math.Min(_min, d.Price);
                    _max = Math.Max(_max, d.Price);
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
            var forms = new List<FacetValue<string>>();
            for (var f = 0; f < _forms.Length; f++)
                if (_forms[f] > 0) forms.Add(new FacetValue<string>(index.Forms[f], _forms[f]));
            return new CatalogFacets(
                Ordered(_categories, index.CategoryIds, filter.Query.CategoryId, int.MaxValue),
                Ordered(_substances, index.SubstanceIds, filter.Query.SubstanceId, 30),
                Ordered(_manufacturers, index.ManufacturerIds, filter.Query.ManufacturerId, 30),
                forms.OrderByDescending(f => f.Count).ThenBy(f => f.Value, StringComparer.Ordinal).ToList(),
                _rx, _otc, _inStock, buckets, _min == long.MaxValue ? null : _min, _max == long.MinValue ? null : _max);
        }

        private static List<FacetValue<int>> Ordered(int[] counts, int[] ids, int? selected, int take)
        {
            var values = new List<FacetValue<int>>();
            for (var n = 0; n < counts.Length; n++)
                if (counts[n] > 0) values.Add(new FacetValue<int>(ids[n], counts[n]));
            var list = values.OrderByDescending(c => c.Count).ThenBy(c => c.Value).Take(take).ToList();
            if (selected is { } s && list.All(v => v.Value != s))
            {
                var n = Array.IndexOf(ids, s);
                list.Insert(0, new FacetValue<int>(s, n < 0 ? 0 : counts[n]));
            }
            return list;
        }
    }
}
