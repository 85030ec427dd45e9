using System.Diagnostics;
using System.Globalization;
using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Search;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Bench;

/// <summary>
/// Checkout throughput under contention, through the real CheckoutService on the real database:
/// (1) "hot": every customer wants the same product and only half of them can have it;
/// (2) "spread": each customer's cart holds 3 of 50 products with plenty of stock;
/// (3) "disjoint": each customer's cart holds 2 products no other cart holds.
/// Runs <c>concurrency</c> checkouts at a time and checks afterwards that nothing was oversold.
/// </summary>
internal static class CheckoutBench
{
    public static async Task RunAsync(IServiceProvider services, int customers, int concurrency)
    {
        var hot = await NewProductsAsync(services, 1, stock: customers / 2);
        await RunScenarioAsync(services, "hot (one product, stock for half)", customers, concurrency, i => [(hot[0], 1)], hot);
        var spread = await NewProductsAsync(services, 50, stock: customers);
        await RunScenarioAsync(services, "spread (3 of 50 products)", customers, concurrency,
            i => [(spread[i % 50], 1), (spread[(i * 7 + 3) % 50], 1), (spread[(i * 13 + 5) % 50], 1)], spread);
        var own = await NewProductsAsync(services, customers * 2, stock: 5);
        await RunScenarioAsync(services, "disjoint (2 products no other cart holds)", customers, concurrency,
            i => [(own[2 * i], 1), (own[2 * i + 1], 1)], own);
    }

    private static async Task RunScenarioAsync(IServiceProvider services, string name, int customers, int concurrency,
        Func<int, (int Product, int Quantity)[]> cartFor, int[] products)
    {
        var users = await CustomersAsync(services, customers);
        for (var i = 0; i < users.Count; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var cart = scope.ServiceProvider.GetRequiredService<CartService>();
            foreach (var (product, quantity) in cartFor(i).DistinctBy(l => l.Product)) await cart.AddAsync(CartOwner.User(users[i]), product, quantity);
        }

        var latencies = new double[users.Count];
        var placed = 0;
        var gate = new SemaphoreSlim(concurrency);
        var commands = services.GetRequiredService<SqlCommandCounter>();
        var commandsBefore = commands.Count;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(users.Select(async (user, i) =>
        {
            await gate.WaitAsync();
            try
            {
                var started = Stopwatch.GetTimestamp();
                await using var scope = services.CreateAsyncScope();
                var request = new CheckoutRequest(Fulfilment.Delivery, null,
                    new CheckoutAddress(Districts.TashkentCity, "Chilonzor", "Bunyodkor", "1", null, null, null), PaymentMethod.Cash, null, Guid.NewGuid().ToString("N"));
                var result = await scope.ServiceProvider.GetRequiredService<CheckoutService>().CheckoutAsync(user, request);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (result.Succeeded) Interlocked.Increment(ref placed);
            }
            finally
            {
                gate.Release();
            }
        }));
        watch.Stop();
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / customers;
        var commandsEach = (double)(commands.Count - commandsBefore) / customers;

        var (negative, mismatched) = await ExactnessAsync(services, products);
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"checkout {name}: {customers} checkouts, {concurrency} at a time: {customers / watch.Elapsed.TotalSeconds:0} checkouts/s, " +
            $"{placed} placed, {customers - placed} refused; p50 {latencies[customers / 2]:0.0} ms, p99 {latencies[(int)(customers * 0.99)]:0.0} ms; app CPU {cpuMs:0.00} ms a checkout; " +
            $"{commandsEach:0.0} SQL commands a checkout; " +
            $"stock below zero: {negative}, stock ≠ ledger: {mismatched}"));
    }

    /// <summary>How many of these products' stock rows are below zero, and how many differ from the sum of their ledger.</summary>
    internal static async Task<(int Negative, int Mismatched)> ExactnessAsync(IServiceProvider services, int[] products)
    {
        await using var check = services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<DorixonaDbContext>();
        var negative = await db.BranchStock.CountAsync(s => products.Contains(s.ProductId) && s.Quantity < 0);
        var mismatched = await db.BranchStock.Where(s => products.Contains(s.ProductId))
            .CountAsync(s => s.Quantity != db.StockLedger.Where(l => l.BranchId == s.BranchId && l.ProductId == s.ProductId).Sum(l => l.Delta));
        return (negative, mismatched);
    }

    internal static async Task<int[]> NewProductsAsync(IServiceProvider services, int count, int stock)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
        var template = await db.Products.AsNoTracking().Include(p => p.Substances).OrderBy(p => p.Id).FirstAsync(p => p.IsActive);
        var branch = await db.Branches.Where(b => !b.IsWarehouse).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync();
        var now = DateTime.UtcNow;
        var ids = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var product = new Product
            {
                Slug = "bench-checkout-" + Guid.NewGuid().ToString("N")[..12], Name = "Checkout bench " + i, CategoryId = template.CategoryId,
                ManufacturerId = template.ManufacturerId, DosageForm = "tablet", Strength = "10 mg", PackSize = 10, Price = 10_000 + i,
                CreatedAt = now, UpdatedAt = now, Substances = [new ProductSubstance { SubstanceId = template.Substances[0].SubstanceId }],
            };
            db.Products.Add(product);
            await db.SaveChangesAsync();
            ids.Add(product.Id);
        }
        await scope.ServiceProvider.GetRequiredService<CatalogRevisions>().BumpCatalogAsync();
        var stockService = scope.ServiceProvider.GetRequiredService<StockService>();
        foreach (var id in ids) await stockService.ApplyAsync(new StockChange(id, branch, stock, StockReasons.Adjustment, "checkout bench"));
        await services.GetRequiredService<CatalogIndex>().RebuildAsync();
        return [.. ids];
    }

    // A fresh run's first number, so repeated runs on one database do not collide on the unique phone index.
    private static int _nextPhone = Random.Shared.Next(0, 8_000_000);

    private static async Task<List<Guid>> CustomersAsync(IServiceProvider services, int count)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
        var users = Enumerable.Range(0, count).Select(i =>
        {
            var id = Guid.NewGuid();
            return new AppUser
            {
                Id = id, UserName = "bench-" + id.ToString("N"), NormalizedUserName = "BENCH-" + id.ToString("N").ToUpperInvariant(),
                PhoneNumber = "+99877" + Interlocked.Increment(ref _nextPhone).ToString("D7", CultureInfo.InvariantCulture),
                PhoneNumberConfirmed = true, FullName = "Bench customer", CreatedAt = DateTime.UtcNow, SecurityStamp = Guid.NewGuid().ToString(),
            };
        }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        return users.Select(u => u.Id).ToList();
    }
}
