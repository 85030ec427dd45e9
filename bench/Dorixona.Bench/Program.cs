using System.Diagnostics;
using System.Globalization;
using Dorixona.Bench;
using Dorixona.Core;
using Dorixona.Core.Catalog;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Fills a database with N realistic products for bench/catalog.sh:
//   dotnet bench/Dorixona.Bench/bin/Release/net10.0/Dorixona.Bench.dll --provider Sqlite|Postgres --connection "..." --products 100000
// Migrates with the app's own DbContext, seeds the demo reference data and 438 demo products (CatalogSeeder),
// then adds generated products until N exist. Running it again with a larger N only adds the difference.

// bench/cluster.sh's helpers against a running cluster: cluster-prepare and live-latency (ClusterBench).
if (args is [("cluster-prepare" or "live-latency") and var mode, .. var rest]) return await ClusterBench.RunAsync(mode, rest);
// bench/checkout-http.sh's helpers on the running app's database (CheckoutHttpBench).
if (args is [("checkout-http-prepare" or "checkout-http-check") and var checkoutMode, .. var checkoutRest]) return await CheckoutHttpBench.RunAsync(checkoutMode, checkoutRest);

var options = ParseArgs(args);
if (options is null)
{
    Console.Error.WriteLine("usage: Dorixona.Bench --provider Sqlite|Postgres --connection \"...\" --products N [--seed 20261121] [--batch 5000] [--time-search ITERATIONS] [--checkout CUSTOMERS [--concurrency 32]] [--orders N [--days 365]] [--dashboard ITERATIONS [--dashboard-cold no]] [--edit-bench EDITS]");
    return 2;
}

var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Database:Provider"] = options.Provider.ToString(),
    ["ConnectionStrings:" + DependencyInjection.ConnectionStringName] = options.Connection,
}).Build();
var services = new ServiceCollection();
services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
    .AddFilter("Dorixona", LogLevel.Information).AddFilter("Microsoft.EntityFrameworkCore.Database.Command", Environment.GetEnvironmentVariable("BENCH_SQL") is null ? LogLevel.Warning : LogLevel.Information));
services.AddDorixonaCore(config, Directory.GetCurrentDirectory());
await using var provider = services.BuildServiceProvider();

var total = Stopwatch.StartNew();
await using (var scope = provider.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
    await db.Database.MigrateAsync();
    // Reference data (categories, substances, manufacturers, branches) and the 438 real demo products with their stock.
    await scope.ServiceProvider.GetRequiredService<CatalogSeeder>().SeedAsync();
}
var prepared = total.Elapsed;

await using (var scope = provider.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
    var existing = await db.Products.IgnoreQueryFilters().CountAsync();
    if (existing >= options.Products)
    {
        Console.WriteLine($"{existing} products already exist (asked for {options.Products}); nothing generated. Migrate + seed took {prepared.TotalSeconds:0.0} s.");
        if (options.TimeSearch > 0) await SearchTiming.RunAsync(provider, options.TimeSearch);
        if (options.Checkout > 0) await CheckoutBench.RunAsync(provider, options.Checkout, options.Concurrency);
        if (options.Orders > 0) await OrderGenerator.RunAsync(provider, options.Provider, options.Orders, options.Days, options.Seed);
        if (options.Dashboard > 0) await DashboardTiming.RunAsync(config, options.Dashboard, options.DashboardCold);
        if (options.EditBench > 0) await EditBench.RunAsync(provider, options.EditBench);
        return 0;
    }

    var generator = await CatalogGenerator.LoadAsync(db, options.Seed);
    var generated = await generator.CountGeneratedAsync(db);
    var wanted = options.Products - existing;
    var watch = Stopwatch.StartNew();
    var writer = ProductWriter.For(db, options.Provider);
    var stockRows = 0;
    for (var done = 0; done < wanted; done += options.Batch)
    {
        var batch = generator.Generate(generated + done, Math.Min(options.Batch, wanted - done), await writer.NextIdAsync());
        await writer.WriteAsync(batch);
        stockRows += batch.Sum(p => p.Stock.Count);
        Console.Write($"\r  {done + batch.Count}/{wanted} products");
    }
    Console.WriteLine();
    await writer.FinishAsync();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Generated {wanted} products ({stockRows} stock rows) in {watch.Elapsed.TotalSeconds:0.0} s " +
        $"({wanted / watch.Elapsed.TotalSeconds:0} products/s); migrate + demo seed took {prepared.TotalSeconds:0.0} s; " +
        $"{options.Products} products in the database; total {total.Elapsed.TotalSeconds:0.0} s."));
}
if (options.TimeSearch > 0) await SearchTiming.RunAsync(provider, options.TimeSearch);
if (options.Checkout > 0) await CheckoutBench.RunAsync(provider, options.Checkout, options.Concurrency);
if (options.Orders > 0) await OrderGenerator.RunAsync(provider, options.Provider, options.Orders, options.Days, options.Seed);
if (options.Dashboard > 0) await DashboardTiming.RunAsync(config, options.Dashboard, options.DashboardCold);
if (options.EditBench > 0) await EditBench.RunAsync(provider, options.EditBench);
return 0;

static Options? ParseArgs(string[] args)
{
    string? providerName = null, connection = null;
    int products = 0, seed = 20261121, batch = 5000, timeSearch = 0, checkout = 0, concurrency = 32, orders = 0, days = 365, dashboard = 0, editBench = 0;
    var dashboardCold = true;
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        var value = args[i + 1];
        switch (args[i])
        {
            case "--provider": providerName = value; break;
            case "--connection": connection = value; break;
            case "--products": products = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--seed": seed = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--batch": batch = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--time-search": timeSearch = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--checkout": checkout = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--concurrency": concurrency = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--orders": orders = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--days": days = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--dashboard": dashboard = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--edit-bench": editBench = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--dashboard-cold": dashboardCold = value != "no"; break;
            default: return null;
        }
    }
    if (args.Length % 2 != 0 || connection is null || products <= 0 || batch <= 0
        || !Enum.TryParse<DatabaseProvider>(providerName, ignoreCase: true, out var provider)
        // The bulk writers speak SQLite and PostgreSQL only (COPY, multi-row inserts); SQL Server cannot run here to measure.
        || provider == DatabaseProvider.SqlServer) return null;
    return new Options(provider, connection, products, seed, batch, timeSearch, checkout, concurrency, orders, days, dashboard, dashboardCold, editBench);
}

internal sealed record Options(DatabaseProvider Provider, string Connection, int Products, int Seed, int Batch, int TimeSearch, int Checkout, int Concurrency, int Orders, int Days, int Dashboard, bool DashboardCold, int EditBench);
