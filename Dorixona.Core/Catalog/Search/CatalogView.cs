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

    /// <summary>What pages derive from this catalog-and-stock picture alone, dropped with it (see <see cref="DerivedCache"/>).</summary>
    public DerivedCache Derived => _levels.Derived;
    private ProductDoc[] Docs => _levels.Snapshot.Docs;

    public CatalogResult Search(CatalogQuery query)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, CatalogQuery.MaxPageSize);
        var page = Math.Max(1, query.Page);
        var full = _levels.Results.TryGet(query with { Page = 1, PageSize = 0 }, out var cached) ? cached : Compute(query);
        var start = (int)Math.Min((long)(page - 1) * pageSize, full.Ordered.Count);
        var slice = full.Ordered.Range(start, Math.Min(pageSize, full.Ordered.Count - start));
        var items = new List<ProductCard>(slice.Length);
        foreach (var i in slice) items.Add(Card(i));
        return new CatalogResult(items, full.Ordered.Count, page, pageSize, full.Facets, full.Swapped,
            full.Match, full.Complaint, full.Ignored, full.DidYouMean is { } d ? Card(d) : null);
    }

    /// <summary>
    /// Matches, filters, counts and orders everything once per distinct query (paging aside). The result is
    /// kept with this catalog-and-stock picture, so it is dropped the moment either changes; the word matches
    /// behind it live with the catalog picture and survive stock changes.
    /// </summary>
    private FullResult Compute(CatalogQuery query)
    {
        var text = Match(query.Text);
        var hits = text?.Hits;
        var match = text is null ? SearchMatch.None : text.Full ? SearchMatch.All : SearchMatch.Partial;
        var closestByName = false;
        if (text is not null && hits!.Length == 0)
        {
            (hits, closestByName) = Closest(query.Text!);
            match = SearchMatch.Closest;
        }
        var filter = new Filter(query, Snapshot.Facets);
        var facets = new FacetCounter(Snapshot.Facets);
        var units = _levels.Units;
        var sort = query.Sort ?? (hits is null ? CatalogSort.Popularity : CatalogSort.Relevance);
        HitOrder ordered;
        if (hits is null)
        {
            // No text: every product is a candidate and the order is known in advance; walk it, in stock first.
            var passes = new bool[Docs.Length];
            var count = 0;
            for (var i = 0; i < Docs.Length; i++)
                if (Consider(i, filter, facets)) { passes[i] = true; count++; }
            var inOrder = Snapshot.InOrder(sort);
            var list = new int[count];
            var n = 0;
            foreach (var i in inOrder) if (passes[i] && units[i] > 0) list[n++] = i;
            foreach (var i in inOrder) if (passes[i] && units[i] <= 0) list[n++] = i;
            ordered = HitOrder.Sorted(list);
        }
        else
        {
            var docs = new int[hits.Length];
            var keys = new long[hits.Length];
            var n = 0;
            var rank = Snapshot.Rank(sort == CatalogSort.Relevance ? CatalogSort.Popularity : sort);
            foreach (var hit in hits)
            {
                if (!Consider(hit.Doc, filter, facets)) continue;
                docs[n] = hit.Doc;
                keys[n++] = SortKey(hit, sort, units[hit.Doc] > 0, rank[hit.Doc]);
            }
            ordered = new HitOrder(keys, docs, n, (int)Math.Min((long)Math.Max(1, query.Page) * Math.Clamp(query.PageSize, 1, CatalogQuery.MaxPageSize), int.MaxValue));
        }
        // Found only by misspelling (or not at all): offer the closest product by name.
        var onlyFuzzy = hits is { Length: > 0 };
        if (onlyFuzzy)
            foreach (var h in hits!)
                if (h.Kind != Fuzzy) { onlyFuzzy = false; break; }
        int? didYouMean = closestByName || match != SearchMatch.Closest && text?.Complaint is null && onlyFuzzy
            ? ordered.Count > 0 ? ordered.Range(0, 1)[0] : null
            : null;
        var result = new FullResult(ordered, facets.Build(filter), text?.Swapped, match, text?.Complaint, text?.Ignored ?? [], didYouMean);
        _levels.Results.Add(query with { Page = 1, PageSize = 0 }, result);
        return result;
    }

    /// <summary>Counts the product under the filters it would pass; true when it passes all of them.</summary>
    private bool Consider(int doc, Filter filter, FacetCounter facets)
    {
        var stock = _levels.Units[doc];
        if (filter.None)
        {
            facets.CountAll(doc, stock);
            return true;
        }
        var failed = filter.Failures(doc, stock, out var only);
        if (failed == 0)
        {
            facets.CountAll(doc, stock);
            return true;
        }
        if (failed == 1) facets.CountOne(only, doc, stock);
        return false;
    }

    /// <summary>
    /// The key that orders hits: in stock first, then the products matching more of the query, then (relevance) those that
    /// fit the form and audience asked for, the better match kind and score, and then the product's place in the chosen sort.
    /// </summary>
    private static long SortKey(Hit hit, CatalogSort sort, bool inStock, int rank)
    {
        // One number, so the sort is a primitive one: 1 bit stock, 8 matched, 4 fit, 2 kind, 20 score (0.001 steps), 28 rank.
        var key = (inStock ? 0L : 1L) << 62 | (long)(255 - hit.Matched) << 54;
        if (sort == CatalogSort.Relevance)
        {
            var score = (long)Math.Clamp(hit.Score * 1000f, 0f, (1 << 20) - 1);
            key |= (long)(15 - hit.Fit) << 50 | (long)(3 - hit.Kind) << 48 | ((1L << 20) - 1 - score) << 28;
        }
        return key | (uint)rank & ((1L << 28) - 1);
    }

    /// <summary>
    /// The best few products for the box under the search field: the closest by name when nothing matches, but not
    /// the popular products the results page falls back to (they would not be suggestions for what is being typed).
    /// </summary>
    public IReadOnlyList<ProductCard> Suggest(string? text, int take = 6)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var result = Search(new CatalogQuery { Text = text, PageSize = take, Sort = CatalogSort.Relevance });
        return result.Match == SearchMatch.Closest && result.DidYouMean is null ? [] : result.Items;
    }

    public ProductCard? Find(int id) => Snapshot.DocById.TryGetValue(id, out var i) ? Card(i) : null;

    public ProductCard? Find(string slug) => Snapshot.DocBySlug.TryGetValue(slug, out var i) ? Card(i) : null;

    /// <summary>
    /// Products with exactly the same active substances, cheapest first, with how much cheaper each is. This sorts the whole
    /// group per call; it is the definition <see cref="Alternatives.AlternativeOffers.For"/> answers from its precomputed group.
    /// </summary>
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

    internal sealed record FullResult(
        HitOrder Ordered, CatalogFacets Facets, string? Swapped, SearchMatch Match, ComplaintInfo? Complaint, IReadOnlyList<string> Ignored, int? DidYouMean);

    internal ProductCard Card(int i)
    {
        var d = Docs[i];
        var s = Snapshot;
        // Every search answer builds its page's cards: a plain loop, no enumerators or resizing.
        var substances = new List<SubstanceRef>(d.SubstanceIds.Length);
        foreach (var id in d.SubstanceIds)
            if (s.Substances.TryGetValue(id, out var substance)) substances.Add(substance);
        return new ProductCard(d.Id, d.Slug, d.Name, d.NameRu, substances,
            d.ManufacturerId, s.Manufacturers.GetValueOrDefault(d.ManufacturerId)?.Name ?? "", d.CategoryId, d.DosageForm, d.Strength,
            d.PackSize, d.Price, d.OldPrice, _levels.Units[i], d.Rx, d.Image, d.Popularity);
    }

    // ---- text matching -------------------------------------------------------------------------

    /// <summary>What the text found: products with how well each matched, and what the query was understood to say.</summary>
    private sealed record TextHits(Hit[] Hits, bool Full, ComplaintInfo? Complaint, List<string> Ignored, string? Swapped = null)
    {
        public static readonly TextHits Nothing = new([], false, null, []);

        public float Best => Hits.Length == 0 ? 0 : Hits.Max(h => h.Kind * 1000 + h.Score);
    }

    /// <summary>The products the text finds; null when there is no text (everything).</summary>
    private TextHits? Match(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var direct = MatchText(text);
        // Text whose every word is known and matches exactly or by prefix was not typed on the wrong layout; skip the second pass.
        if (direct.Ignored.Count == 0 && (direct.Complaint is not null || direct.Hits.Any(h => h.Kind >= Prefix))) return direct;
        var swappedText = SearchText.SwapKeyboardLayout(text);
        if (swappedText is null) return direct;
        var swapped = MatchText(swappedText) with { Swapped = swappedText };
        // Wrong-layout text is gibberish in its own layout: prefer the swap only when it knows more words, or as many and matches better.
        if (swapped.Ignored.Count != direct.Ignored.Count) return swapped.Ignored.Count < direct.Ignored.Count && swapped.Hits.Length > 0 ? swapped : direct;
        if (swapped.Complaint is not null && direct.Hits.Length == 0) return swapped;
        return swapped.Best * 0.95f > direct.Best ? swapped : direct;
    }

    /// <summary>
    /// The query's words, each as folded and as typed. Digit groups that together make a barcode the catalog
    /// holds ("4 782207 045218", "4-782207-045218") are joined back into it.
    /// </summary>
    private List<(string Folded, string Typed)> QueryTokens(string text)
    {
        var tokens = new List<(string Folded, string Typed)>();
        foreach (var typed in text.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
            foreach (var folded in SearchText.Tokens(typed))
                tokens.Add((folded, typed));
        var joined = new List<(string, string)>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (char.IsAsciiDigit(tokens[i].Folded[0]) && !tokens[i].Folded.Contains('.', StringComparison.Ordinal))
            {
                var end = i;
                var digits = tokens[i].Folded;
                while (end + 1 < tokens.Count && tokens[end + 1].Folded.All(char.IsAsciiDigit) && digits.Length < 14)
                {
                    digits += tokens[++end].Folded;
                    if (digits.Length >= MinBarcodeLength && end > i && IsWordStart(digits))
                    {
                        joined.Add((digits, digits));
                        i = end;
                        goto next;
                    }
                }
            }
            joined.Add(tokens[i]);
        next:;
        }
        return joined.Where(t => t.Item1.Length >= 2 || char.IsAsciiDigit(t.Item1[0])).DistinctBy(t => t.Item1).ToList();
    }

    private bool IsWordStart(string prefix)
    {
        var words = Snapshot.Words;
        var i = LowerBound(words, prefix);
        return i < words.Length && words[i].StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>
    /// The longest way of writing a complaint the query holds ("bosh og‘rig‘i", "от кашля"): its words must follow
    /// one another; each may be misspelt by a letter, or carry an ending ("yo‘talga" for "yo‘tal").
    /// </summary>
    private (ComplaintPhrase? Phrase, HashSet<int> Used) FindComplaint(List<(string Folded, string Typed)> tokens)
    {
        // Form, audience and salt words are never part of a complaint: "кашель у детей" is the complaint cough, for children.
        var content = Enumerable.Range(0, tokens.Count).Where(i => QueryWords.Of(tokens[i].Folded) == QueryWords.Kind.Content).ToList();
        ComplaintPhrase? best = null;
        var bestStart = 0;
        for (var start = 0; start < content.Count; start++)
        {
            foreach (var phrase in PhrasesStartingWith(tokens[content[start]].Folded))
            {
                if (best is not null && phrase.Tokens.Length <= best.Tokens.Length || start + phrase.Tokens.Length > content.Count) continue;
                var all = true;
                for (var k = 1; k < phrase.Tokens.Length && all; k++) all = SameWord(tokens[content[start + k]].Folded, phrase.Tokens[k]);
                if (!all) continue;
                best = phrase;
                bestStart = start;
            }
        }
        return best is null ? (null, []) : (best, content.Skip(bestStart).Take(best.Tokens.Length).ToHashSet());
    }

    /// <summary>The complaint spellings whose first word the typed word can be (see <see cref="SameWord"/>), without scanning them all.</summary>
    private IEnumerable<ComplaintPhrase> PhrasesStartingWith(string typed)
    {
        var byFirst = Snapshot.PhrasesByFirstWord;
        if (byFirst.Count == 0) yield break;
        if (byFirst.TryGetValue(typed, out var exact))
            foreach (var p in exact) yield return p;
        for (var k = typed.Length - 1; k >= Math.Max(5, typed.Length - 3); k--)
            if (byFirst.TryGetValue(typed[..k], out var stem))
                foreach (var p in stem) yield return p;
        if (typed.Length < 6) yield break;
        var mask = SearchText.LetterMask(typed);
        foreach (var (word, wordMask) in Snapshot.PhraseFirstWords)
        {
            if (word.Length < 6 || Math.Abs(word.Length - typed.Length) > 1 || word == typed) continue;
            if (System.Numerics.BitOperations.PopCount(mask ^ wordMask) > 2 || SearchText.Distance(typed, word, 1) > 1) continue;
            foreach (var p in byFirst[word]) yield return p;
        }
    }

    private static bool SameWord(string typed, string known) =>
        typed == known
        || typed.Length >= 6 && known.Length >= 6 && SearchText.Distance(typed, known, 1) <= 1
        || known.Length >= 5 && typed.Length <= known.Length + 3 && typed.StartsWith(known, StringComparison.Ordinal);

    /// <summary>
    /// Products matching the text's words, best first. Required are the words that name something (a brand, a
    /// substance, a maker, a barcode) and a complaint; words that match nothing in the catalog are set aside and
    /// reported. Form and audience words and salts never cut: they lift the products they fit; a short number narrows the
    /// full matches to those it fits, when some do.
    /// When some product matches every required word only those are answered; otherwise the products matching
    /// the most important ones (rarer words weigh more), so a query never empties over one extra word.
    /// </summary>
    private TextHits MatchText(string text)
    {
        var tokens = QueryTokens(text);
        if (tokens.Count == 0) return TextHits.Nothing;
        if (Snapshot.MatchCache.Count > 50_000) Snapshot.MatchCache.Clear();
        var (phrase, used) = FindComplaint(tokens);
        var required = new List<WordMatch[]>();
        var soft = new List<(string Folded, string Typed)>();
        var numbers = new List<(string Folded, string Typed)>();
        var ignored = new List<string>();
        var forms = new List<string[]>();
        var children = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (used.Contains(i)) continue;
            var (folded, typed) = tokens[i];
            switch (QueryWords.Of(folded))
            {
                case QueryWords.Kind.Filler: continue;
                case QueryWords.Kind.Form: forms.Add(QueryWords.FormsOf(folded)); continue;
                case QueryWords.Kind.Children: children = true; continue;
                case QueryWords.Kind.Salt: soft.Add((QueryWords.Canonical(folded), typed)); continue;
            }
            if (char.IsAsciiDigit(folded[0]) && folded.Length < MinBarcodeLength)
            {
                numbers.Add((folded, typed));
                continue;
            }
            var matches = Snapshot.MatchCache.GetOrAdd(folded, MatchWord);
            if (matches.Length == 0 && !ignored.Contains(typed)) ignored.Add(typed);
            else if (matches.Length > 0) required.Add(matches);
        }
        if (required.Count == 0 && phrase is null)
        {
            // Only numbers or a salt name: then they are what is searched for.
            foreach (var (folded, typed) in numbers.Concat(soft))
            {
                var matches = Snapshot.MatchCache.GetOrAdd(folded, MatchWord);
                if (matches.Length == 0 && !ignored.Contains(typed)) ignored.Add(typed);
                else if (matches.Length > 0) required.Add(matches);
            }
            soft.Clear();
            numbers.Clear();
        }
        if (required.Count == 0 && phrase is null && forms.Count == 0 && !children) return TextHits.Nothing with { Ignored = ignored };
        List<WordMatch[]> Known(List<(string Folded, string Typed)> words) =>
            words.Select(w => Snapshot.MatchCache.GetOrAdd(w.Folded, MatchWord)).Where(m => m.Length > 0).ToList();
        var hits = Score(required, phrase, Known(numbers), Known(soft), forms, children, out var full);
        return new TextHits(hits, full, phrase?.Complaint, ignored);
    }

    private Hit[] Score(
        List<WordMatch[]> required, ComplaintPhrase? phrase, List<WordMatch[]> narrowing, List<WordMatch[]> soft, List<string[]> forms, bool children, out bool full)
    {
        var n = Docs.Length;
        // A working slot per product, reused and kept zeroed between searches: clearing them for every query cost more
        // than scoring a query with few hits. One struct per product, so a posting touches one cache line, not five.
        var buffers = Snapshot.RentScoreBuffers();
        var slots = buffers.Slots;
        var members = buffers.Members;
        var clean = false;
        try
        {
            var touched = buffers.Touched;
            var word = 0;
            var total = required.Count + (phrase is null ? 0 : 1);

            void Collect()
            {
                // A word found in few products says more than one found in thousands (a brand against "200").
                var importance = MathF.Log(1f + (float)n / (1 + touched.Count));
                foreach (var d in touched)
                {
                    ref var x = ref slots[d];
                    if (x.Count == 0)
                    {
                        members.Add(d);
                        x.Score = 0;
                        x.Weight = 0;
                        x.Kind = Exact;
                    }
                    x.Count++;
                    x.Score += x.WordScore;
                    x.Weight += importance;
                    x.Kind = Math.Min(x.Kind, x.WordKind);
                }
                touched.Clear();
            }

            foreach (var matches in required)
            {
                word++;
                foreach (var m in matches)
                {
                    foreach (var p in Snapshot.Postings[m.Word])
                    {
                        var s = m.Score * p.Weight;
                        ref var x = ref slots[p.Doc];
                        if (x.Seen != word)
                        {
                            x.Seen = word;
                            x.WordScore = s;
                            x.WordKind = m.Kind;
                            touched.Add(p.Doc);
                        }
                        else if (x.WordScore < s)
                        {
                            x.WordScore = s;
                            x.WordKind = Math.Max(m.Kind, x.WordKind);
                        }
                    }
                }
                Collect();
            }
            if (phrase is not null)
            {
                foreach (var d in phrase.Docs)
                {
                    slots[d].WordScore = 100;
                    slots[d].WordKind = Exact;
                    touched.Add(d);
                }
                Collect();
            }
            if (total == 0)
            {
                // Only "sirop", "для детей": every product of that form or audience.
                for (var d = 0; d < n; d++)
                    if (Fit(d, forms, children) > 0)
                    {
                        members.Add(d);
                        slots[d].Count = 0;
                        slots[d].Score = 0;
                        slots[d].Weight = 0;
                        slots[d].Kind = Exact;
                    }
            }
            var kept = buffers.Kept;
            foreach (var d in members)
                if (slots[d].Count == total) kept.Add(d);
            full = total == 0 || kept.Count > 0;
            if (!full) kept = members;
            foreach (var d in kept) slots[d].Count = -1;
            // A short number ("nurofen 200", "mezim 1") narrows the full matches to the ones it fits, unless it fits none
            // of them: then it only lifts nothing and the full matches stay.
            foreach (var matches in narrowing)
            {
                word++;
                var fitting = new List<int>();
                AddToKept(matches, kept, word, slots, fitting);
                // Only when it fits one of the best matches: "mezim 1" must not trade Mezim for misspellings that hold a 1.
                byte bestKind = 0;
                foreach (var d in kept) bestKind = Math.Max(bestKind, slots[d].Kind);
                if (!full || fitting.Count == kept.Count || !fitting.Exists(d => slots[d].Kind == bestKind)) continue;
                foreach (var d in kept) slots[d].Count = 0;
                foreach (var d in fitting) slots[d].Count = -1;
                kept = fitting;
            }
            // Salts add to a match; each is counted once per product, at its first match.
            foreach (var matches in soft)
            {
                word++;
                AddToKept(matches, kept, word, slots, null);
            }
            var maxWeight = kept.Count == 0 ? 1 : kept.Max(d => slots[d].Weight);
            var hits = new Hit[kept.Count];
            for (var i = 0; i < hits.Length; i++)
            {
                var d = kept[i];
                var level = full ? (byte)255 : (byte)Math.Round(255 * slots[d].Weight / maxWeight);
                hits[i] = new Hit(d, slots[d].Score, slots[d].Kind, level, Fit(d, forms, children));
            }
            // Every product whose seen or count was set is a member: zero just those and the arrays are clean again.
            foreach (var d in members)
            {
                slots[d].Seen = 0;
                slots[d].Count = 0;
            }
            buffers.Members.Clear();
            buffers.Touched.Clear();
            buffers.Kept.Clear();
            clean = true;
            return hits;
        }
        finally
        {
            // After an exception the arrays may hold marks outside the members: let them go rather than reuse them.
            if (clean) Snapshot.ReturnScoreBuffers(buffers);
        }
    }

    /// <summary>
    /// Adds half of a word's score to each kept product it fits (a strength, a salt), once per product at the first of the
    /// word's matches that holds it; collects those products into <paramref name="fitting"/> when given. Walks the matches'
    /// postings, or, when they are long and few products are kept ("lamisil 50": every strength 50 against 15 products),
    /// looks each kept product up in them: both give the same sums, as each product meets the matches in the same order.
    /// </summary>
    private void AddToKept(WordMatch[] matches, List<int> kept, int word, ScoreSlot[] slots, List<int>? fitting)
    {
        if (AddNumberToKept(matches, kept, slots, fitting)) return;
        var postings = Snapshot.Postings;
        long walk = 0;
        foreach (var m in matches) walk += postings[m.Word].Length;
        var lookups = (long)kept.Count * matches.Length * (1 + System.Numerics.BitOperations.Log2((ulong)Math.Max(1, walk / Math.Max(1, matches.Length))));
        if (lookups < walk)
        {
            foreach (var d in kept)
                foreach (var m in matches)
                {
                    var at = FindDoc(postings[m.Word], d);
                    if (at < 0) continue;
                    slots[d].Score += 0.5f * m.Score * postings[m.Word][at].Weight;
                    fitting?.Add(d);
                    break;
                }
            return;
        }
        foreach (var m in matches)
            foreach (var p in postings[m.Word])
            {
                ref var x = ref slots[p.Doc];
                if (x.Count == -1 && x.Seen != word)
                {
                    x.Seen = word;
                    x.Score += 0.5f * m.Score * p.Weight;
                    fitting?.Add(p.Doc);
                }
            }
    }

    /// <summary>
    /// <see cref="AddToKept"/> for a number ("200": its matches are number words in word order), from each kept product's
    /// own few number words: the first of the matches a product holds is its smallest word among them. False (nothing
    /// done) for other words.
    /// </summary>
    private bool AddNumberToKept(WordMatch[] matches, List<int> kept, ScoreSlot[] slots, List<int>? fitting)
    {
        var words = Snapshot.Words;
        for (var i = 0; i < matches.Length; i++)
            if (!char.IsAsciiDigit(words[matches[i].Word][0]) || i > 0 && matches[i].Word <= matches[i - 1].Word) return false;
        var start = Snapshot.NumberWordsStart;
        var numbers = Snapshot.NumberWords;
        foreach (var d in kept)
        {
            for (var k = start[d]; k < start[d + 1]; k++)
            {
                var at = FindWord(matches, numbers[k].Doc);
                if (at < 0) continue;
                slots[d].Score += 0.5f * matches[at].Score * numbers[k].Weight;
                fitting?.Add(d);
                break;
            }
        }
        return true;
    }

    private static int FindWord(WordMatch[] matches, int word)
    {
        int lo = 0, hi = matches.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var at = matches[mid].Word;
            if (at == word) return mid;
            if (at < word) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }

    /// <summary>Where the product is in a word's postings (they are in product order), or -1.</summary>
    private static int FindDoc(Posting[] postings, int doc)
    {
        int lo = 0, hi = postings.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var at = postings[mid].Doc;
            if (at == doc) return mid;
            if (at < doc) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }

    /// <summary>How well a product fits the forms and audience asked for: the first form a word names counts double.</summary>
    private byte Fit(int d, List<string[]> forms, bool children)
    {
        var fit = 0;
        foreach (var wanted in forms)
        {
            var at = Array.IndexOf(wanted, Docs[d].DosageForm);
            if (at == 0) fit += 2;
            else if (at > 0) fit += 1;
        }
        if (children && Snapshot.ForChildren[d]) fit += 2;
        return (byte)Math.Min(fit, 15);
    }

    /// <summary>
    /// Nothing matched: the products whose words come closest to the text's (a wider net of misspellings, the same
    /// first letters), and when even that finds nothing, the most popular ones. A search page is never empty.
    /// </summary>
    private (Hit[] Hits, bool ByName) Closest(string text)
    {
        var words = Snapshot.Words;
        var found = new Dictionary<int, float>();
        foreach (var (folded, _) in QueryTokens(text))
        {
            if (folded.Length < 3 || char.IsAsciiDigit(folded[0])) continue;
            var byWord = new Dictionary<int, float>();
            var max = Math.Max(2, folded.Length / 3);
            var mask = SearchText.LetterMask(folded);
            foreach (var len in Enumerable.Range(Math.Max(1, folded.Length - max), 2 * max + 1).Where(l => l <= CatalogSnapshot.MaxBucketLength))
                foreach (var i in Snapshot.WordsByLength[len])
                {
                    if (System.Numerics.BitOperations.PopCount(mask ^ Snapshot.WordMasks[i]) > 2 * max) continue;
                    var distance = SearchText.Distance(folded, words[i], max);
                    if (distance <= max) byWord[i] = 40 - 10f * distance;
                }
            var head = folded[..3];
            for (var i = LowerBound(words, head); i < words.Length && words[i].StartsWith(head, StringComparison.Ordinal); i++)
                byWord.TryAdd(i, 15);
            foreach (var (i, s) in byWord)
                foreach (var p in Snapshot.Postings[i])
                    found[p.Doc] = found.GetValueOrDefault(p.Doc) + s * p.Weight;
        }
        if (found.Count == 0) return ([.. Enumerable.Range(0, Docs.Length).Select(d => new Hit(d, 0, Fuzzy, 0, 0))], false);
        return ([.. found.Select(f => new Hit(f.Key, f.Value, Fuzzy, 0, 0))], true);
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
                var distance = max == 1
                    ? SearchText.WithinOneEdit(word, words[i]) ? (word == words[i] ? 0 : 1) : 2
                    : SearchText.Distance(word, words[i], max);
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
                    // Same length, so within one edit is the exact test the letter mask and the distance table made here.
                    if (SearchText.WithinOneEdit(word, words[i].AsSpan(0, word.Length)) && !found.ContainsKey(i)) found[i] = new WordMatch(i, 45, Fuzzy);
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

    /// <summary>
    /// A result's products in order, sorted only as far as pages were asked: a broad search ("paracetamol", thousands of
    /// hits) is asked for its first page far more often than for any other, and finding the first k of n keys costs about
    /// n where sorting them all costs n log n. The keys are distinct (each ends in the product's place in a sort), so the
    /// order does not depend on how much was sorted when. Safe to share between threads: the sorted part never moves.
    /// </summary>
    internal sealed class HitOrder
    {
        private const int MinSorted = 128;

        private long[]? _keys;
        private readonly int[] _docs;
        private readonly Lock _gate = new();
        private volatile int _sorted;

        /// <summary>The first <paramref name="count"/> of the arrays; at least the first <paramref name="wanted"/> sorted at once.</summary>
        public HitOrder(long[] keys, int[] docs, int count, int wanted)
        {
            _keys = keys.Length == count ? keys : keys[..count];
            _docs = docs.Length == count ? docs : docs[..count];
            var first = Math.Max(wanted, MinSorted);
            if (first * 2 >= count)
            {
                Array.Sort(_keys, _docs);
                _sorted = count;
                _keys = null; // in order: the keys are not needed again, and a cached result should not keep them
                return;
            }
            Partition(_keys, _docs, first);
            Array.Sort(_keys, _docs, 0, first);
            _sorted = first;
        }

        private HitOrder(int[] docs)
        {
            _docs = docs;
            _sorted = docs.Length;
        }

        /// <summary>Products already in their final order.</summary>
        public static HitOrder Sorted(int[] docs) => new(docs);

        public int Count => _docs.Length;

        /// <summary>What the arrays hold: 4 bytes a product, 8 more while part of the order is unsorted.</summary>
        public long RetainedBytes => 24 + 4L * _docs.Length + (_keys is { } k ? 24 + 8L * k.Length : 0);

        public ReadOnlySpan<int> Range(int start, int take)
        {
            if (start + take > _sorted)
            {
                lock (_gate)
                {
                    // Everything past the sorted part has larger keys than it: sorting the rest completes the order.
                    var sorted = _sorted;
                    if (sorted < _docs.Length)
                    {
                        Array.Sort(_keys!, _docs, sorted, _docs.Length - sorted);
                        _sorted = _docs.Length;
                        _keys = null;
                    }
                }
            }
            return _docs.AsSpan(start, take);
        }

        /// <summary>Moves the <paramref name="k"/> smallest keys (with their products) to the front, in no particular order.</summary>
        private static void Partition(long[] keys, int[] docs, int k)
        {
            // The k-th smallest key, found with a heap of the k smallest seen so far (its top the largest of them).
            var heap = new PriorityQueue<long, long>(k, Comparer<long>.Create((a, b) => b.CompareTo(a)));
            foreach (var key in keys)
            {
                if (heap.Count < k) heap.Enqueue(key, key);
                else if (key < heap.Peek()) heap.EnqueueDequeue(key, key);
            }
            var threshold = heap.Peek();
            var front = 0;
            for (var i = 0; i < keys.Length; i++)
            {
                if (keys[i] > threshold) continue;
                (keys[front], keys[i]) = (keys[i], keys[front]);
                (docs[front], docs[i]) = (docs[i], docs[front]);
                front++;
            }
        }
    }

    /// <summary>A found product: its score, weakest match kind, how much of the query it matched (255 all) and how well it fits the forms and audience asked for.</summary>
    private readonly record struct Hit(int Doc, float Score, byte Kind, byte Matched, byte Fit);

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
            None = _category == -2 && _substance == -2 && _manufacturer == -2 && _form == -2 && q.Rx is null && q.MinPrice is null
                && q.MaxPrice is null && !q.InStockOnly;
        }

        /// <summary>No filter is set: every product passes.</summary>
        public bool None { get; }

        public CatalogQuery Query => _q;
        public FacetIndex Facets { get; }

        /// <summary>How many filters the product fails; when exactly one, which (its count still shows under that filter).</summary>
        public int Failures(int i, int stock, out Dim only)
        {
            var failed = 0;
            only = Dim.Category;
            ref readonly var r = ref Facets.Rows[i];
            if (_category != -2 && r.Category != _category && r.TopCategory != _category) Fail(Dim.Category, ref failed, ref only);
            if (_substance != -2 && Array.IndexOf(Facets.SubstanceList, _substance, r.SubstanceStart, r.SubstanceCount) < 0) Fail(Dim.Substance, ref failed, ref only);
            if (_manufacturer != -2 && r.Manufacturer != _manufacturer) Fail(Dim.Manufacturer, ref failed, ref only);
            if (_form != -2 && r.Form != _form) Fail(Dim.Form, ref failed, ref only);
            if (_q.Rx is { } rx && r.Rx != rx) Fail(Dim.Rx, ref failed, ref only);
            if (_q.MinPrice is { } min && r.Price < min || _q.MaxPrice is { } max && r.Price > max) Fail(Dim.Price, ref failed, ref only);
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
        private static readonly long[] Bounds = FacetIndex.PriceBounds;

        private readonly FacetRow[] _rows = index.Rows;
        private readonly int[] _substanceList = index.SubstanceList;
        private readonly int[] _categories = new int[index.CategoryIds.Length];
        private readonly int[] _substances = new int[index.SubstanceIds.Length];
        private readonly int[] _manufacturers = new int[index.ManufacturerIds.Length];
        private readonly int[] _forms = new int[index.Forms.Length];
        private readonly int[] _buckets = new int[Bounds.Length + 1];
        private int _rx, _otc, _inStock;
        private long _min = long.MaxValue, _max = long.MinValue;

        /// <summary>Counts a product that passes every filter: every dimension, straight from its row.</summary>
        public void CountAll(int i, int stock)
        {
            ref readonly var r = ref _rows[i];
            _categories[r.Category]++;
            if (r.TopCategory != r.Category) _categories[r.TopCategory]++;
            for (var k = r.SubstanceStart; k < r.SubstanceStart + r.SubstanceCount; k++) _substances[_substanceList[k]]++;
            _manufacturers[r.Manufacturer]++;
            _forms[r.Form]++;
            if (r.Rx) _rx++;
            else _otc++;
            _buckets[r.PriceBucket]++;
            if (r.Price < _min) _min = r.Price;
            if (r.Price > _max) _max = r.Price;
            if (stock > 0) _inStock++;
        }

        public void CountOne(Dim dim, int i, int stock)
        {
            ref readonly var r = ref _rows[i];
            switch (dim)
            {
                case Dim.Category:
                    _categories[r.Category]++;
                    if (r.TopCategory != r.Category) _categories[r.TopCategory]++;
                    break;
                case Dim.Substance:
                    for (var k = r.SubstanceStart; k < r.SubstanceStart + r.SubstanceCount; k++) _substances[_substanceList[k]]++;
                    break;
                case Dim.Manufacturer: _manufacturers[r.Manufacturer]++; break;
                case Dim.Form: _forms[r.Form]++; break;
                case Dim.Rx:
                    if (r.Rx) _rx++;
                    else _otc++;
                    break;
                case Dim.Price:
                    _buckets[r.PriceBucket]++;
                    if (r.Price < _min) _min = r.Price;
                    if (r.Price > _max) _max = r.Price;
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
