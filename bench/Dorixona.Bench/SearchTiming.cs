using System.Diagnostics;
using System.Globalization;
using Dorixona.Core.Catalog.Search;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Bench;

/// <summary>
/// <c>--time-search</c>: the in-process cost of the catalog index, without HTTP, rendering or JSON: how long the
/// index takes to build, and the mean time and allocation of one <see cref="CatalogView.Search"/> per query,
/// on one thread. Tells how much of a request's time is the search itself.
/// </summary>
internal static class SearchTiming
{
    public static async Task RunAsync(IServiceProvider services, int iterations)
    {
        var index = services.GetRequiredService<CatalogIndex>();
        var build = Stopwatch.StartNew();
        var view = await index.GetAsync();
        Console.WriteLine($"index build (first GetAsync): {build.ElapsedMilliseconds} ms, {view.Snapshot.ProductCount} products");

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
}
