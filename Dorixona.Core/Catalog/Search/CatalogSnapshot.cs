using System.Collections.Concurrent;

namespace Dorixona.Core.Catalog.Search;

public sealed record CategoryInfo(int Id, int? ParentId, string Slug, string NameUz, string NameRu, string NameEn, string Icon, int SortOrder)
{
    public string Name(string language) => language switch { "ru" => NameRu, "en" => NameEn, _ => NameUz };
}

public sealed record ManufacturerInfo(int Id, string Name, string Country);

/// <summary>A complaint search recognised in a query ("yo‘tal"), for the "for: cough" line above the results.</summary>
public sealed record ComplaintInfo(int Id, string Slug, string NameUz, string NameRu, string NameEn)
{
    public string Name(string language) => language switch { "ru" => NameRu, "en" => NameEn, _ => NameUz };
}

/// <summary>One way of writing a complaint, as folded words (fillers left out), and the products of its categories.</summary>
internal sealed record ComplaintPhrase(ComplaintInfo Complaint, string[] Tokens, int[] Docs);

/// <summary>An active complaint, the visible categories it is linked to and its spellings (name first): what its phrases are made from.</summary>
internal sealed record ComplaintLinks(ComplaintInfo Complaint, HashSet<int> Categories, string[] Spellings);

internal sealed record ProductDoc(
    int Id, string Slug, string Name, string NameRu, int CategoryId, int TopCategoryId, int[] SubstanceIds, int ManufacturerId,
    string DosageForm, string Strength, int PackSize, string? Barcode, long Price, long? OldPrice, bool Rx, int Popularity, string? Image);

/// <summary>A matched vocabulary word for one query word: how well it matched (score) and how (3 exact, 2 prefix, 1 fuzzy).</summary>
internal readonly record struct WordMatch(int Word, float Score, byte Kind);

internal readonly record struct Posting(int Doc, float Weight);

/// <summary>
/// An immutable picture of the active catalog: products, their searchable words, and lookups. Built in
/// one go from a handful of queries; stock lives beside it in <see cref="StockLevels"/> and is swapped on its own.
/// </summary>
public sealed class CatalogSnapshot
{
    internal CatalogSnapshot(
        ProductDoc[] docs, string[] words, Posting[][] postings, IReadOnlyDictionary<int, CategoryInfo> categories,
        IReadOnlyDictionary<int, SubstanceRef> substances, IReadOnlyDictionary<int, ManufacturerInfo> manufacturers, long revision)
    {
        Docs = docs;
        Words = words;
        Postings = postings;
        Categories = categories;
        Substances = substances;
        Manufacturers = manufacturers;
        Revision = revision;
        _groupOfDoc = new int[docs.Length];
        Array.Fill(_groupOfDoc, -1);
        var groupNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var groupMembers = new List<List<int>>();
        for (var i = 0; i < docs.Length; i++)
        {
            DocById[docs[i].Id] = i;
            DocBySlug[docs[i].Slug] = i;
            var key = SubstanceKey(docs[i].SubstanceIds);
            if (key.Length == 0) continue;
            if (!BySubstances.TryGetValue(key, out var list))
            {
                BySubstances[key] = list = [];
                groupNumbers[key] = groupMembers.Count;
                groupMembers.Add(list);
            }
            _groupOfDoc[i] = groupNumbers[key];
            list.Add(i);
        }
        _groupMembers = [.. groupMembers];
        _groups = new Alternatives.SubstanceGroup?[_groupMembers.Length];
        CategoriesBySlug = categories.Values.ToDictionary(c => c.Slug, StringComparer.Ordinal);
        // Fuzzy matching only ever compares letters with letters of a similar length: bucket the words by length
        // and leave the numbers (barcodes, strengths) out, so a new query word scans a few thousand words, not all.
        var buckets = new List<int>[MaxBucketLength + 1];
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i].Length == 0 || char.IsAsciiDigit(words[i][0])) continue;
            var len = Math.Min(words[i].Length, MaxBucketLength);
            (buckets[len] ??= []).Add(i);
        }
        WordsByLength = buckets.Select(b => b?.ToArray() ?? []).ToArray();
        (NumberWordsStart, NumberWords) = NumbersByProduct(docs.Length, words, postings);
        WordMasks = words.Select(w => SearchText.LetterMask(w)).ToArray();
        Facets = new FacetIndex(docs);
        _orders = new Lazy<int[]>[Enum.GetValues<CatalogSort>().Length];
        foreach (var sort in Enum.GetValues<CatalogSort>()) _orders[(int)sort] = new Lazy<int[]>(() => BuildRank(sort));
    }

    private readonly Lazy<int[]>[] _orders;
    private readonly int[]?[] _inOrder = new int[Enum.GetValues<CatalogSort>().Length][];

    /// <summary>The products in a sort without text (the inverse of <see cref="Rank"/>), stock aside.</summary>
    internal int[] InOrder(CatalogSort sort)
    {
        var key = (int)(sort == CatalogSort.Relevance ? CatalogSort.Popularity : sort);
        if (_inOrder[key] is { } known) return known;
        var rank = Rank(sort);
        var order = new int[rank.Length];
        for (var i = 0; i < rank.Length; i++) order[rank[i]] = i;
        return _inOrder[key] = order;
    }
    private readonly int[] _groupOfDoc;
    private readonly List<int>[] _groupMembers;
    private readonly Alternatives.SubstanceGroup?[] _groups;

    /// <summary>
    /// The products with exactly the same substances as product number <paramref name="doc"/> (itself included), ordered
    /// and measured for ranking alternatives; built on first use and kept with this picture. Null for a product without substances.
    /// </summary>
    internal Alternatives.SubstanceGroup? GroupOf(int doc)
    {
        var g = _groupOfDoc[doc];
        if (g < 0) return null;
        return Volatile.Read(ref _groups[g]) ?? Interlocked.CompareExchange(ref _groups[g], Alternatives.SubstanceGroup.Build(_groupMembers[g], Docs), null)
            ?? _groups[g]!;
    }

    /// <summary>
    /// What product pages read from the database besides the index (descriptions, images, ATC codes…), by the id or slug
    /// asked for, loaded on a product's first view and kept with this picture: every catalog write makes a new one.
    /// </summary>
    internal ConcurrentDictionary<string, ProductDetail> Details { get; } = new(StringComparer.Ordinal);

    /// <summary>How many products' page data one picture keeps before it starts again (descriptions can be a few KB each).</summary>
    internal const int MaxCachedDetails = 10_000;

    /// <summary>Each product's place in a sort without text (0 = first), stock aside; ties broken by popularity, then id.</summary>
    internal int[] Rank(CatalogSort sort) => _orders[(int)(sort == CatalogSort.Relevance ? CatalogSort.Popularity : sort)].Value;

    private int[] BuildRank(CatalogSort sort)
    {
        var docs = Docs;
        var order = Enumerable.Range(0, docs.Length).ToArray();
        Comparison<int> byPopularity = (a, b) =>
        {
            var c = docs[b].Popularity.CompareTo(docs[a].Popularity);
            return c != 0 ? c : docs[a].Id.CompareTo(docs[b].Id);
        };
        Comparison<int> compare = sort switch
        {
            CatalogSort.PriceAsc => (a, b) => docs[a].Price != docs[b].Price ? docs[a].Price.CompareTo(docs[b].Price) : byPopularity(a, b),
            CatalogSort.PriceDesc => (a, b) => docs[a].Price != docs[b].Price ? docs[b].Price.CompareTo(docs[a].Price) : byPopularity(a, b),
            CatalogSort.Name => (a, b) =>
            {
                var c = string.Compare(docs[a].Name, docs[b].Name, StringComparison.OrdinalIgnoreCase);
                return c != 0 ? c : byPopularity(a, b);
            },
            _ => byPopularity,
        };
        Array.Sort(order, compare);
        var rank = new int[order.Length];
        for (var i = 0; i < order.Length; i++) rank[order[i]] = i;
        return rank;
    }

    /// <summary>Top categories with their subcategories, in the admin's order, each with its product count.</summary>
    internal IReadOnlyList<(CategoryInfo Category, int Products, IReadOnlyList<(CategoryInfo Category, int Products)> Children)> CategoryTree =>
        _categoryTree ??= BuildCategoryTree();

    private IReadOnlyList<(CategoryInfo Category, int Products, IReadOnlyList<(CategoryInfo Category, int Products)> Children)>? _categoryTree;

    private List<(CategoryInfo Category, int Products, IReadOnlyList<(CategoryInfo Category, int Products)> Children)> BuildCategoryTree()
    {
        var counts = new Dictionary<int, int>();
        foreach (var d in Docs)
        {
            counts[d.CategoryId] = counts.GetValueOrDefault(d.CategoryId) + 1;
            if (d.TopCategoryId != d.CategoryId) counts[d.TopCategoryId] = counts.GetValueOrDefault(d.TopCategoryId) + 1;
        }
        var all = Categories.Values;
        return all.Where(c => c.ParentId is null).OrderBy(c => c.SortOrder).ThenBy(c => c.Slug, StringComparer.Ordinal)
            .Select(c => (c, counts.GetValueOrDefault(c.Id),
                (IReadOnlyList<(CategoryInfo, int)>)all.Where(s => s.ParentId == c.Id).OrderBy(s => s.SortOrder).ThenBy(s => s.Slug, StringComparer.Ordinal)
                    .Select(s => (s, counts.GetValueOrDefault(s.Id))).ToList()))
            .ToList();
    }

    /// <summary>The products' filter values as small dense numbers, so counting them is array arithmetic.</summary>
    internal FacetIndex Facets { get; }

    internal const int MaxBucketLength = 64;

    /// <summary>
    /// The other way round from <see cref="Postings"/> for numbers (strengths, pack sizes, barcodes): product p's number
    /// words are <see cref="NumberWords"/>[NumberWordsStart[p]..NumberWordsStart[p + 1]], in word order. "nurofen 200"
    /// asks whether each Nurofen holds a word starting with 200, not which of the tens of thousands holding one are Nurofen.
    /// </summary>
    internal int[] NumberWordsStart { get; }

    internal Posting[] NumberWords { get; }

    private static (int[] Start, Posting[] Words) NumbersByProduct(int products, string[] words, Posting[][] postings)
    {
        var start = new int[products + 1];
        for (var w = 0; w < words.Length; w++)
            if (words[w].Length > 0 && char.IsAsciiDigit(words[w][0]))
                foreach (var p in postings[w]) start[p.Doc + 1]++;
        for (var d = 0; d < products; d++) start[d + 1] += start[d];
        var next = start[..products];
        var entries = new Posting[start[products]];
        // Posting's Doc holds the word here: each product's entries come out in word order.
        for (var w = 0; w < words.Length; w++)
            if (words[w].Length > 0 && char.IsAsciiDigit(words[w][0]))
                foreach (var p in postings[w]) entries[next[p.Doc]++] = new Posting(w, p.Weight);
        return (start, entries);
    }

    /// <summary>Indices into <see cref="Words"/> of the letter words, by length (longer ones in the last bucket).</summary>
    internal int[][] WordsByLength { get; }

    /// <summary>Each word's <see cref="SearchText.LetterMask"/>, to skip most words before measuring a distance.</summary>
    internal uint[] WordMasks { get; }

    internal ProductDoc[] Docs { get; }
    /// <summary>Every distinct folded word, sorted (prefix search is a binary search).</summary>
    internal string[] Words { get; }
    internal Posting[][] Postings { get; }
    internal Dictionary<int, int> DocById { get; } = [];
    internal Dictionary<string, int> DocBySlug { get; } = new(StringComparer.Ordinal);
    internal Dictionary<string, List<int>> BySubstances { get; } = new(StringComparer.Ordinal);
    internal ConcurrentDictionary<string, WordMatch[]> MatchCache { get; } = new(StringComparer.Ordinal);

    /// <summary>The active complaints, kept so a picture derived from this one can find their products again.</summary>
    internal ComplaintLinks[] Complaints { get; init; } = [];

    /// <summary>Every spelling of every active complaint, the longest first (the longest match in a query wins).</summary>
    internal ComplaintPhrase[] ComplaintPhrases
    {
        get => _complaintPhrases;
        init
        {
            _complaintPhrases = value;
            PhrasesByFirstWord = value.GroupBy(p => p.Tokens[0], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
            PhraseFirstWords = [.. PhrasesByFirstWord.Keys.Select(w => (w, SearchText.LetterMask(w)))];
        }
    }

    private readonly ComplaintPhrase[] _complaintPhrases = [];

    /// <summary>The complaint spellings by their first word (longest first within each), to look up a query word in one step.</summary>
    internal Dictionary<string, ComplaintPhrase[]> PhrasesByFirstWord { get; private init; } = new(StringComparer.Ordinal);

    internal (string Word, uint Mask)[] PhraseFirstWords { get; private init; } = [];

    /// <summary>Per product: it is made for children (a children's category, or its name says so).</summary>
    internal bool[] ForChildren { get; init; } = [];

    private readonly ConcurrentStack<ScoreBuffers> _scoreBuffers = new();

    /// <summary>Zeroed working slots for one scoring, one per product (24 B); as many exist as searches ever ran at once.</summary>
    internal ScoreBuffers RentScoreBuffers() => _scoreBuffers.TryPop(out var buffers) ? buffers : new ScoreBuffers(Docs.Length);

    /// <summary>Gives back buffers whose slots' Seen and Count are all zero again and whose lists are empty.</summary>
    internal void ReturnScoreBuffers(ScoreBuffers buffers) => _scoreBuffers.Push(buffers);

    /// <summary>Forgets what searches learnt on this snapshot (for measuring the cold path).</summary>
    internal void ClearCaches() => MatchCache.Clear();

    public long Revision { get; }
    public int ProductCount => Docs.Length;
    public IReadOnlyDictionary<int, CategoryInfo> Categories { get; }
    public IReadOnlyDictionary<string, CategoryInfo> CategoriesBySlug { get; }
    public IReadOnlyDictionary<int, SubstanceRef> Substances { get; }
    public IReadOnlyDictionary<int, ManufacturerInfo> Manufacturers { get; }

    internal static string SubstanceKey(int[] ids) => string.Join('+', ids.Order());
}

/// <summary>
/// What one text search works with: a slot per product and the lists of products it touched. Every slot's Seen and Count
/// are zero and the lists empty whenever the buffers are not in use; the other fields are written before they are read.
/// </summary>
internal sealed class ScoreBuffers(int products)
{
    public ScoreSlot[] Slots { get; } = new ScoreSlot[products];
    public List<int> Members { get; } = [];
    public List<int> Touched { get; } = [];
    public List<int> Kept { get; } = [];
}

/// <summary>One product's scoring state, side by side so a search touches one cache line per product.</summary>
internal struct ScoreSlot
{
    public int Seen;
    public int Count;
    public float Score;
    public float Weight;
    public float WordScore;
    public byte Kind;
    public byte WordKind;
}

/// <summary>
/// Every filterable value of the catalog numbered 0..n-1 (category, substance and manufacturer ids, dosage forms),
/// and each product's values in those numbers.
/// </summary>
internal sealed class FacetIndex
{
    public FacetIndex(ProductDoc[] docs)
    {
        var categories = new Dictionary<int, int>();
        var substances = new Dictionary<int, int>();
        var manufacturers = new Dictionary<int, int>();
        var forms = new Dictionary<string, int>(StringComparer.Ordinal);
        static int Number<T>(Dictionary<T, int> map, T key) where T : notnull
        {
            if (!map.TryGetValue(key, out var n)) map[key] = n = map.Count;
            return n;
        }
        Category = new int[docs.Length];
        TopCategory = new int[docs.Length];
        Manufacturer = new int[docs.Length];
        Form = new int[docs.Length];
        Substances = new int[docs.Length][];
        Rows = new FacetRow[docs.Length];
        var substanceList = new List<int>(docs.Length * 2);
        for (var i = 0; i < docs.Length; i++)
        {
            var d = docs[i];
            Category[i] = Number(categories, d.CategoryId);
            TopCategory[i] = Number(categories, d.TopCategoryId);
            Manufacturer[i] = Number(manufacturers, d.ManufacturerId);
            Form[i] = Number(forms, d.DosageForm);
            Substances[i] = d.SubstanceIds.Select(id => Number(substances, id)).ToArray();
            var bucket = 0;
            while (bucket < PriceBounds.Length && d.Price >= PriceBounds[bucket]) bucket++;
            Rows[i] = new FacetRow(Category[i], TopCategory[i], Manufacturer[i], Form[i], d.Price, substanceList.Count,
                (short)Substances[i].Length, (byte)bucket, d.Rx);
            substanceList.AddRange(Substances[i]);
        }
        SubstanceList = [.. substanceList];
        CategoryIds = Ids(categories);
        SubstanceIds = Ids(substances);
        ManufacturerIds = Ids(manufacturers);
        Forms = Ids(forms);
        _categories = categories;
        _substances = substances;
        _manufacturers = manufacturers;
        _forms = forms;
    }

    /// <summary>Where the price facet's buckets start: under 10 000, 10 000–29 999, … 150 000 and more.</summary>
    public static readonly long[] PriceBounds = [10_000, 30_000, 70_000, 150_000];

    /// <summary>
    /// Each product's values side by side (32 bytes, two to a cache line), so counting a hit's facets reads one place
    /// instead of seven arrays and the product's record; its substances are <see cref="SubstanceList"/>[Start..Start+Count].
    /// </summary>
    public FacetRow[] Rows { get; }

    public int[] SubstanceList { get; }

    private readonly Dictionary<int, int> _categories, _substances, _manufacturers;
    private readonly Dictionary<string, int> _forms;

    public int[] Category { get; }
    public int[] TopCategory { get; }
    public int[] Manufacturer { get; }
    public int[] Form { get; }
    public int[][] Substances { get; }
    public int[] CategoryIds { get; }
    public int[] SubstanceIds { get; }
    public int[] ManufacturerIds { get; }
    public string[] Forms { get; }

    /// <summary>The dense number of a value, or -1 when no product has it (so the filter matches nothing).</summary>
    public int CategoryNumber(int id) => _categories.GetValueOrDefault(id, -1);
    public int SubstanceNumber(int id) => _substances.GetValueOrDefault(id, -1);
    public int ManufacturerNumber(int id) => _manufacturers.GetValueOrDefault(id, -1);
    public int FormNumber(string form) => _forms.GetValueOrDefault(form, -1);

    private static T[] Ids<T>(Dictionary<T, int> map) where T : notnull
    {
        var ids = new T[map.Count];
        foreach (var (key, n) in map) ids[n] = key;
        return ids;
    }
}

/// <summary>
/// Total units per product across active branches, aligned with <see cref="CatalogSnapshot"/>'s products,
/// and the search results computed on this picture (a new picture starts with none).
/// </summary>
internal sealed record StockLevels(CatalogSnapshot Snapshot, int[] Units, long Revision)
{
    /// <summary>The searches computed on this picture, least recently used dropped first; a copy made with <c>with</c> must start a new one.</summary>
    public ResultCache Results { get; init; } = new(new SearchOptions().ResultCacheBytes);

    /// <summary>What pages derive from this picture alone (cards' markup, filter lists); a copy made with <c>with</c> must start a new one.</summary>
    public DerivedCache Derived { get; init; } = new(new SearchOptions().DerivedCacheBytes);

    public ConcurrentDictionary<int, IReadOnlyList<ProductCard>> Discounted { get; init; } = new();

    /// <summary>
    /// Leaflets product pages read, by product, bounded by size; they change only with the catalog, so a copy made with
    /// <c>with</c> for a stock change keeps this one, and a new catalog picture starts a new one.
    /// </summary>
    public DerivedCache Leaflets { get; init; } = new(new SearchOptions().LeafletCacheBytes);

    /// <summary>
    /// Each viewed product's stock by branch as of this picture, read on its first view; dropped with the picture, so with
    /// every stock change (an order placed, cancelled or timed out, an admin adjustment) and every catalog change (a branch
    /// renamed or closed). A copy made with <c>with</c> must start a new one.
    /// </summary>
    public ConcurrentDictionary<int, IReadOnlyList<BranchStockView>> BranchStock { get; init; } = new();

    public const int MaxCachedBranchStock = 50_000;
}

internal readonly record struct FacetRow(
    int Category, int TopCategory, int Manufacturer, int Form, long Price, int SubstanceStart, short SubstanceCount, byte PriceBucket, bool Rx);
