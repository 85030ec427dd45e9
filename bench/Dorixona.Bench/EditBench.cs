using System.Diagnostics;
using System.Globalization;
using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Catalog.Import;
using Dorixona.Core.Catalog.Search;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Bench;

/// <summary>
/// <c>--edit-bench EDITS</c>: what a catalog change costs the search index, through the real services in process. Prints the
/// first search after a start (a new index: build plus one search), a full rebuild (what every edit cost before products
/// were updated alone), then per admin edit (price, and every third a rename with a new word) the wall and CPU time of
/// <see cref="ProductAdmin.UpdateAsync"/> with the index update, and how long a second index that heard no notice (another
/// instance) takes to show it; then a deactivation and reactivation (products move), and a 5 000-row CSV import.
/// CPU is the whole process's (<see cref="Process.TotalProcessorTime"/>), so on SQLite it includes the database's work.
/// </summary>
internal static class EditBench
{
    public static async Task RunAsync(IServiceProvider services, int edits)
    {
        var process = Process.GetCurrentProcess();
        GC.Collect();

        var (ms, cpu) = await MeasureAsync(process, async () =>
        {
            var view = await services.GetRequiredService<CatalogIndex>().GetAsync();
            view.Search(new CatalogQuery { Text = "paracetamol", PageSize = 20 });
        });
        var index = services.GetRequiredService<CatalogIndex>();
        var snapshot = (await index.GetAsync()).Snapshot;
        Console.WriteLine(Line($"first search after start: {ms:0} ms, CPU {cpu:0} ms ({snapshot.ProductCount} products, {snapshot.Words.Length} words)"));
        (ms, cpu) = await MeasureAsync(process, () => index.RebuildAsync());
        Console.WriteLine(Line($"full rebuild (each edit before): {ms:0} ms, CPU {cpu:0} ms"));

        // Another instance: its own signal, so it hears nothing and finds the edits by its once-a-second poll.
        using var other = new CatalogIndex(services.GetRequiredService<Dorixona.Core.Common.Operation<DorixonaDbContext>>(), new CatalogChangeSignal(),
            TimeProvider.System, services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SearchOptions>>(),
            services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<CatalogIndex>>());
        await other.GetAsync();

        var random = new Random(Environment.TickCount); // new prices each run: a run repeating the last one's prices would time no-op edits
        var wall = new List<double>();
        var cpus = new List<double>();
        var seen = new List<double>();
        for (var i = 0; i < edits; i++)
        {
            var doc = snapshot.Docs[random.Next(snapshot.Docs.Length)];
            var price = 1_000 + random.Next(500_000);
            var rename = i % 3 == 0;
            (ms, cpu) = await MeasureAsync(process, () => Scoped(services, async (ProductAdmin admin) =>
            {
                var input = (await admin.GetInputAsync(doc.Id))!;
                input.Price = price;
                input.OldPrice = null;
                if (rename) input.Name = $"Benchedit{i} {doc.Name}";
                var result = await admin.UpdateAsync(doc.Id, input);
                if (!result.Succeeded) throw new InvalidOperationException(string.Join(", ", result.Errors.Select(e => e.Code)));
            }));
            if ((await index.GetAsync()).Find(doc.Id)?.Price != price) throw new InvalidOperationException("the edit is not in this instance's index");
            wall.Add(ms);
            cpus.Add(cpu);
            var watch = Stopwatch.StartNew();
            while ((await other.GetAsync()).Find(doc.Id)?.Price != price)
            {
                if (watch.Elapsed > TimeSpan.FromSeconds(30)) throw new InvalidOperationException("the other index never showed the edit");
                await Task.Delay(20);
            }
            seen.Add(watch.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine(Line($"edit + index update ({edits} edits, a third renamed): median {Median(wall):0.0} ms, p90 {P90(wall):0.0} ms; CPU median {Median(cpus):0.0} ms, p90 {P90(cpus):0.0} ms"));
        Console.WriteLine(Line($"visible on an instance that heard nothing (poll): median {Median(seen):0} ms, max {seen.Max():0} ms"));

        var middle = snapshot.Docs[snapshot.Docs.Length / 2].Id;
        (ms, cpu) = await MeasureAsync(process, () => Scoped(services, (ProductAdmin a) => a.SetActiveAsync(middle, false)));
        var (ms2, cpu2) = await MeasureAsync(process, () => Scoped(services, (ProductAdmin a) => a.SetActiveAsync(middle, true)));
        Console.WriteLine(Line($"deactivate / reactivate a product in the middle (every later product moves): {ms:0.0} / {ms2:0.0} ms, CPU {cpu:0.0} / {cpu2:0.0} ms"));

        // 5 000 products exported, their prices changed, imported again.
        var csv = new StringWriter();
        await Scoped(services, (ProductImporter p) => p.ExportAsync(csv));
        var (rows, _) = ProductCsv.Read(new StringReader(csv.ToString()));
        var columns = rows[0].Values.Keys.ToList();
        var chosen = rows.OrderBy(_ => random.Next()).Take(5_000).Select(r =>
        {
            r.Values["price"] = (long.Parse(r.Values["price"], CultureInfo.InvariantCulture) + 100).ToString(CultureInfo.InvariantCulture);
            r.Values["old_price"] = "";
            return (IReadOnlyList<string>)columns.Select(c => r.Values[c]).ToList();
        }).ToList();
        var file = new StringWriter();
        ProductCsv.Write(file, chosen, columns);
        ImportReport? report = null;
        (ms, cpu) = await MeasureAsync(process, () => Scoped(services, async (ProductImporter p) => report = await p.ImportAsync(new StringReader(file.ToString()), dryRun: false)));
        if (report!.Errors.Count > 0) throw new InvalidOperationException($"import refused: {report.Errors[0].Code} line {report.Errors[0].Line}");
        Console.WriteLine(Line($"import of {chosen.Count} rows (parse, check, write, index; the index's own part is logged above): {ms:0} ms, CPU {cpu:0} ms"));

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        process.Refresh();
        Console.WriteLine(Line($"RSS {process.WorkingSet64 / 1048576} MiB, managed heap {GC.GetTotalMemory(false) / 1048576} MiB (two indexes held)"));
    }

    private static async Task<(double Ms, double CpuMs)> MeasureAsync(Process process, Func<Task> action)
    {
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await action();
        var ms = watch.Elapsed.TotalMilliseconds;
        process.Refresh();
        return (ms, (process.TotalProcessorTime - cpu).TotalMilliseconds);
    }

    private static async Task Scoped<T>(IServiceProvider services, Func<T, Task> action) where T : notnull
    {
        await using var scope = services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<T>());
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
    private static double P90(List<double> values) => values.Order().ElementAt(Math.Min(values.Count - 1, values.Count * 9 / 10));
    private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
