using System.Globalization;
using Dorixona.Core;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Bench;

/// <summary>
/// What bench/checkout-http.sh needs beside wrk, on the database the running app uses:
/// <c>checkout-http-prepare</c> makes the scenario's products and stock (as the in-process checkout bench does) and N
/// customers straight in the database, each with a password and a cart, and writes their phones and the product ids;
/// <c>checkout-http-check</c> counts the orders placed for those products and checks the stock against its ledger.
/// </summary>
internal static class CheckoutHttpBench
{
    public static async Task<int> RunAsync(string mode, string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
        string Need(string name) => options.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = Need("provider"),
            ["ConnectionStrings:" + DependencyInjection.ConnectionStringName] = Need("connection"),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDorixonaCore(config, Directory.GetCurrentDirectory());
        await using var provider = services.BuildServiceProvider();
        switch (mode)
        {
            case "checkout-http-prepare":
                await PrepareAsync(provider, int.Parse(Need("customers"), CultureInfo.InvariantCulture), Need("scenario"), Need("password"),
                    Need("phones"), Need("product-ids"));
                return 0;
            case "checkout-http-check":
                await CheckAsync(provider, (await File.ReadAllTextAsync(Need("product-ids"))).Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(id => int.Parse(id, CultureInfo.InvariantCulture)).ToArray());
                return 0;
            default:
                return 2;
        }
    }

    private static async Task PrepareAsync(IServiceProvider services, int customers, string scenario, string password, string phonesFile, string productsFile)
    {
        int[] products;
        Func<int, (int Product, int Quantity)[]> cartFor;
        switch (scenario)
        {
            case "hot":
                products = await CheckoutBench.NewProductsAsync(services, 1, stock: customers / 2);
                cartFor = _ => [(products[0], 1)];
                break;
            case "spread":
                products = await CheckoutBench.NewProductsAsync(services, 50, stock: customers);
                cartFor = i => [(products[i % 50], 1), (products[(i * 7 + 3) % 50], 1), (products[(i * 13 + 5) % 50], 1)];
                break;
            case "disjoint":
                products = await CheckoutBench.NewProductsAsync(services, customers * 2, stock: 5);
                cartFor = i => [(products[2 * i], 1), (products[2 * i + 1], 1)];
                break;
            default:
                throw new ArgumentException("--scenario is hot, spread or disjoint");
        }

        var phones = new List<string>();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
            var role = await db.Roles.SingleAsync(r => r.Name == Roles.Customer);
            // One hash for all (each embeds its salt): hashing a thousand passwords would take longer than the bench.
            var hash = new PasswordHasher<AppUser>().HashPassword(new AppUser(), password);
            var first = Random.Shared.Next(0, 8_000_000);
            var now = DateTime.UtcNow;
            for (var i = 0; i < customers; i++)
            {
                var phone = "+99878" + (first + i).ToString("D7", CultureInfo.InvariantCulture);
                var user = new AppUser
                {
                    Id = Guid.NewGuid(), UserName = phone, NormalizedUserName = phone, PhoneNumber = phone, PhoneNumberConfirmed = true,
                    FullName = "Bench customer", CreatedAt = now, VerifiedAt = now, SecurityStamp = Guid.NewGuid().ToString("N"), PasswordHash = hash,
                };
                db.Users.Add(user);
                db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = role.Id });
                var lines = cartFor(i).DistinctBy(l => l.Product).ToList();
                foreach (var (product, quantity) in lines)
                {
                    db.CartItems.Add(new CartItem
                    {
                        UserId = user.Id, ProductId = product, Quantity = quantity, PriceWhenAdded = 10_000 + Array.IndexOf(products, product),
                        AddedAt = now, UpdatedAt = now,
                    });
                }
                phones.Add(phone);
            }
            await db.SaveChangesAsync();
        }
        await File.WriteAllLinesAsync(phonesFile, phones);
        await File.WriteAllTextAsync(productsFile, string.Join(' ', products) + "\n");
        Console.WriteLine($"checkout {scenario}: {products.Length} products, {customers} customers with a cart");
    }

    private static async Task CheckAsync(IServiceProvider services, int[] products)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
        var placed = await db.Orders.Where(o => o.Lines.Any(l => products.Contains(l.ProductId))).Select(o => o.CreatedAt).ToListAsync();
        var orders = placed.Count;
        // The server's own rate, from the first order placed to the last (wrk's figure also holds its ramp-down).
        var span = orders > 1 ? (placed.Max() - placed.Min()).TotalSeconds : 0;
        var sold = await db.StockLedger.Where(l => products.Contains(l.ProductId) && l.Reason == Core.Catalog.StockReasons.OrderPlaced).SumAsync(l => -l.Delta);
        var (negative, mismatched) = await CheckoutBench.ExactnessAsync(services, products);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"orders placed: {orders} in {span:0.0} s ({(span > 0 ? orders / span : 0):0} orders/s first to last); units sold: {sold}; stock below zero: {negative}; stock ≠ ledger: {mismatched}"));
    }
}
