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
