using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Dorixona.Core.Catalog.Search;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Bench;

/// <summary>
/// <c>--time-search</c>: the in-process cost of the catalog index, without HTTP, rendering or JSON: how long the
/// index takes to build, and the mean time and allocation of one <see cref="CatalogView.Search"/> per query,
/// on one thread. Tells how much of a request's time is the search itself.
/// <c>BENCH_SEARCH_DUMP=file</c> instead writes ~21 000 answers (varied queries, filters, sorts, pages) as JSON lines, to compare
/// two builds' results byte for byte; <c>BENCH_SEARCH_PROFILE=warm|cold</c> runs only result-cache misses for 20 s (words known,
/// or every word new), for a profiler.
/// </summary>
internal static class SearchTiming
{
    public static async Task RunAsync(IServiceProvider services, int iterations)
    {
        var index = services.GetRequiredService<CatalogIndex>();
        var build = Stopwatch.StartNew();
        var view = await index.GetAsync();
        Console.WriteLine($"index build (first GetAsync): {build.ElapsedMilliseconds} ms, {view.Snapshot.ProductCount} products, {view.Snapshot.Words.Length} words");
        if (Environment.GetEnvironmentVariable("BENCH_SEARCH_DUMP") is { } dumpFile)
        {
            var t = view.Snapshot.Docs.OrderBy(d => d.Id).Take(438).Select(d => d.Name.Split(' ')[0].ToLowerInvariant())
                .Concat(view.Snapshot.Substances.Values.Select(s => s.Inn.Split(' ')[0].ToLowerInvariant()))
                .Where(t => t.Length > 1 && t.All(c => c is >= 'a' and <= 'z' or '-')).Distinct().Order(StringComparer.Ordinal).ToArray();
            var texts = new List<string?> { null, "paracetamol", "paratsetamol", "парацетамол", "wbnhfvjy", "yj-igf", "nurofne", "нурофен для детей",
                "амброксола гидрохлорид", "yo'tal", "4 782207 045218", "qwzxqwzx", "sirop", "для детей", "кашель у детей", "bosh og'rig'i", "478", "478000",
                "mezim 1", "augmentin 1 g", "citramn", "ibuprofn", "amoksitsilin", "головная боль", "изжога", "tumov", "natriy", "500", "ацц 200", "lamisil 50" };
            foreach (var w in t)
                foreach (var st in new[] { "", " 5", " 10", " 20", " 50", " 100", " 200", " 250", " 400", " 500", " sirop", " bolalar uchun", "x" })
                    texts.Add(w + st);
            var cat = view.Snapshot.Categories.Values.First(c => c.ParentId is not null).Id;
            var sub = view.Snapshot.Substances.Keys.Min();
            using var dump = new StreamWriter(dumpFile);
            foreach (var text in texts)
                foreach (var q in new[]
                {
                    new CatalogQuery { Text = text, PageSize = 20 },
                    new CatalogQuery { Text = text, PageSize = 20, Page = 7 },
                    new CatalogQuery { Text = text, PageSize = 10, CategoryId = cat, InStockOnly = true, Sort = CatalogSort.PriceAsc },
                    new CatalogQuery { Text = text, PageSize = 10, SubstanceId = sub, MinPrice = 5_000, MaxPrice = 80_000, Rx = false, Sort = CatalogSort.Name },
                })
                {
                    if (text is { Length: > 0 } && text.EndsWith('x') && q.Page > 1) continue;
                    var r = view.Search(q);
                    dump.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { text, q.Page, q.CategoryId, q.SubstanceId, r.Total, r.Match, r.UsedKeyboardSwap,
                        complaint = r.Complaint?.Slug, r.IgnoredWords, dym = r.DidYouMean?.Id, items = r.Items.Select(i => i.Id), r.Facets }));
                }
            Console.WriteLine($"dumped {texts.Count} texts");
            return;
        }
        if (Environment.GetEnvironmentVariable("BENCH_SEARCH_PROFILE") is { } scratch)
        {
            var t = view.Snapshot.Docs.OrderBy(d => d.Id).Take(438).Select(d => d.Name.Split(' ')[0].ToLowerInvariant())
                .Concat(view.Snapshot.Substances.Values.Select(s => s.Inn.Split(' ')[0].ToLowerInvariant()))
                .Where(t => t.Length > 1 && t.All(c => c is >= 'a' and <= 'z' or '-')).Distinct().Order(StringComparer.Ordinal).ToArray();
            string[] st = ["", "", "", " 5", " 10", " 20", " 50", " 100", " 200", " 250", " 400", " 500"];
            var rnd = new Random(1000);
            var cold = scratch == "cold";
            foreach (var w in t) view.Search(new CatalogQuery { Text = w, PageSize = 20 });
            var sw = Stopwatch.StartNew();
            var n = 0;
            while (sw.Elapsed.TotalSeconds < 20)
            {
                view.Levels.Results.Clear();
                if (cold) view.Snapshot.ClearCaches();
                view.Search(new CatalogQuery { Text = t[rnd.Next(t.Length)] + st[rnd.Next(st.Length)], PageSize = 20 });
                n++;
            }
            Console.WriteLine($"profile {scratch}: {n} queries, {sw.Elapsed.TotalMilliseconds * 1000 / n:0} us each");
            return;
        }

        TimeCacheHits(view);

        (string Label, CatalogQuery Query)[] cases =
        [
            ("API search=paracetamol (20)", new CatalogQuery { Text = "paracetamol", PageSize = 20 }),
            ("API search=paratsetamol (20)", new CatalogQuery { Text = "paratsetamol", PageSize = 20 }),
            ("API search=парацетамол (20)", new CatalogQuery { Text = "парацетамол", PageSize = 20 }),
            ("search=paracetamol 500 (20)", new CatalogQuery { Text = "paracetamol 500", PageSize = 20 }),
            ("search=nurofen (20)", new CatalogQuery { Text = "nurofen", PageSize = 20 }),
            ("search=нурофен для детей (20)", new CatalogQuery { Text = "нурофен для детей", PageSize = 20 }),
            ("search=амброксола гидрохлорид (20)", new CatalogQuery { Text = "амброксола гидрохлорид", PageSize = 20 }),
            ("search=yo'tal (20)", new CatalogQuery { Text = "yo'tal", PageSize = 20 }),
            ("search=4 782207 045218 (20)", new CatalogQuery { Text = "4 782207 045218", PageSize = 20 }),
            ("search=qwzxqwzx, nothing matches (20)", new CatalogQuery { Text = "qwzxqwzx", PageSize = 20 }),
            ("catalog, no text (24)", new CatalogQuery { PageSize = 24 }),
            ("catalog, no text, category filter (24)", new CatalogQuery { PageSize = 24, CategoryId = view.Snapshot.Categories.Values.First(c => c.ParentId is not null).Id }),
        ];
        Console.WriteLine("| query | total hits | first call ms | mean µs | KiB allocated per call |");
        Console.WriteLine("|---|--:|--:|--:|--:|");
        foreach (var (label, query) in cases)
        {
            var first = Stopwatch.StartNew();
            var result = view.Search(query);
            var firstMs = first.Elapsed.TotalMilliseconds;
            for (var i = 0; i < Math.Min(50, iterations); i++) view.Search(query);
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++) view.Search(query);
            var meanUs = watch.Elapsed.TotalMicroseconds / iterations;
            var kib = (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / iterations;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label} | {result.Total} | {firstMs:0.0} | {meanUs:0} | {kib:0} |"));
        }

        // The varied queries of bench/catalog.sh (a demo brand or substance, in three quarters of them followed by a
        // strength), each asked once on a result cache emptied as a stock change empties it: the miss path.
        var terms = view.Snapshot.Docs.OrderBy(d => d.Id).Take(438).Select(d => d.Name.Split(' ')[0].ToLowerInvariant())
            .Concat(view.Snapshot.Substances.Values.Select(s => s.Inn.Split(' ')[0].ToLowerInvariant()))
            .Where(t => t.Length > 1 && t.All(c => c is >= 'a' and <= 'z' or '-')).Distinct().Order(StringComparer.Ordinal).Take(2_000).ToArray();
        string[] strengths = ["", "", "", " 5", " 10", " 20", " 50", " 100", " 200", " 250", " 400", " 500"];
        var random = new Random(1000);
        var varied = Enumerable.Range(0, Math.Max(iterations, 200)).Select(_ => terms[random.Next(terms.Length)] + strengths[random.Next(strengths.Length)]).ToArray();
        foreach (var (label, clearWords) in new[] { ("varied queries, nothing cached (new snapshot)", true), ("varied queries, result cache empty, words known (after a stock change)", false) })
        {
            var levels = view.Levels;
            var times = new List<double>(varied.Length);
            var slowest = new List<(double Us, string Text, int Total)>();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            foreach (var text in varied)
            {
                levels.Results.Clear();
                if (clearWords) view.Snapshot.ClearCaches();
                var watch = Stopwatch.StartNew();
                var r = view.Search(new CatalogQuery { Text = text, PageSize = 20 });
                times.Add(watch.Elapsed.TotalMicroseconds);
                slowest.Add((watch.Elapsed.TotalMicroseconds, text, r.Total));
            }
            times.Sort();
            var kib = (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / varied.Length;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label} ({varied.Length}, {terms.Length} terms): mean {times.Average() / 1000:0.00} ms, p50 {times[times.Count / 2] / 1000:0.00} ms, p99 {times[(int)(times.Count * 0.99)] / 1000:0.00} ms, max {times[^1] / 1000:0.00} ms, {kib:0} KiB/query"));
            Console.WriteLine("  slowest: " + string.Join(", ", slowest.OrderByDescending(x => x.Us).Take(6).Select(x => string.Create(CultureInfo.InvariantCulture, $"\"{x.Text}\" {x.Us / 1000:0.0} ms ({x.Total})"))));
        }
        // What the varied row's ~4 200 distinct queries keep in the result cache, by its own estimate.
        view.Levels.Results.Clear();
        foreach (var term in terms)
            foreach (var strength in strengths.Skip(2))
                view.Search(new CatalogQuery { Text = term + strength, PageSize = 20 });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"result cache after every varied query once: {view.Levels.Results.Count} entries, {view.Levels.Results.Bytes / 1048576.0:0.0} MiB estimated, {view.Levels.Results.Bytes / Math.Max(1, view.Levels.Results.Count):0} B each (limit {view.Levels.Results.LimitBytes / 1048576} MiB)"));
        foreach (var (label, query) in new[] { ("listing, no text", new CatalogQuery { PageSize = 24 }), ("search=paracetamol", new CatalogQuery { Text = "paracetamol", PageSize = 24 }) })
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < 20; i++)
            {
                view.Levels.Results.Clear();
                view.Search(query);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}, result cache empty: {watch.Elapsed.TotalMilliseconds / 20:0.00} ms"));
        }

        // A word nobody searched yet in this snapshot: the fuzzy scan over the whole vocabulary runs once, then is cached.
        foreach (var word in new[] { "amoksitsilin", "sitramon", "ibuprofn" })
        {
            var watch = Stopwatch.StartNew();
            var result = view.Search(new CatalogQuery { Text = word, PageSize = 20 });
            var cold = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            view.Search(new CatalogQuery { Text = word, PageSize = 20 });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"new word \"{word}\": {result.Total} hits, first search {cold:0.0} ms, second {watch.Elapsed.TotalMilliseconds:0.0} ms"));
        }
    }

    /// <summary>
    /// The hit path of three ways to keep results: the unbounded dictionary used before, the size-bounded MemoryCache used now,
    /// and a hand-written least-recently-used dictionary (a last-read stamp per entry), each asked for 4 000 distinct queries in turn.
    /// </summary>
    private static void TimeCacheHits(CatalogView view)
    {
        var keys = Enumerable.Range(0, 4_000).Select(i => new CatalogQuery { Text = "query " + i, Page = 1, PageSize = 0 }).ToArray();
        var probes = keys.Select(k => k with { }).ToArray(); // equal, not the same objects, as a request's key is
        view.Search(new CatalogQuery { Text = "paracetamol", PageSize = 20 });
        if (!view.Levels.Results.TryGet(new CatalogQuery { Text = "paracetamol", Page = 1, PageSize = 0 }, out var result)) return;
        var dictionary = new ConcurrentDictionary<CatalogQuery, CatalogView.FullResult>();
        var memory = new ResultCache(1L << 40);
        var lru = new ConcurrentDictionary<CatalogQuery, (CatalogView.FullResult Result, long[] LastRead)>();
        foreach (var k in keys)
        {
            dictionary[k] = result;
            memory.Add(k, result);
            lru[k] = (result, [0]);
        }
        (string Label, Func<CatalogQuery, bool> Get)[] ways =
        [
            ("ConcurrentDictionary, unbounded (before)", k => dictionary.TryGetValue(k, out _)),
            ("MemoryCache with SizeLimit (ResultCache, now)", k => memory.TryGet(k, out _)),
            ("hand-written LRU stamp (ConcurrentDictionary + last read)", k =>
            {
                if (!lru.TryGetValue(k, out var e)) return false;
                Volatile.Write(ref e.LastRead[0], Stopwatch.GetTimestamp());
                return true;
            }),
        ];
        const int rounds = 500;
        foreach (var (label, get) in ways)
        {
            for (var i = 0; i < probes.Length * 20; i++) get(probes[i % probes.Length]);
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            var found = 0;
            for (var i = 0; i < probes.Length * rounds; i++) if (get(probes[i % probes.Length])) found++;
            var ns = watch.Elapsed.TotalNanoseconds / (probes.Length * rounds);
            var bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)(probes.Length * rounds);
            // Two threads at once, as the app's two cores serve requests.
            var parallelWatch = Stopwatch.StartNew();
            Parallel.For(0, 2, t => { for (var i = 0; i < probes.Length * rounds; i++) get(probes[(i + t * 7) % probes.Length]); });
            var parallelNs = parallelWatch.Elapsed.TotalNanoseconds / (probes.Length * rounds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"result cache hit, {label}: {ns:0} ns one thread, {parallelNs:0} ns per lookup pair on two threads, {bytes:0.0} B allocated ({found} found)"));
        }
    }
}
