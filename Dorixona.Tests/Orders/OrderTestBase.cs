using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Search;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Orders;

/// <summary>Shared set-up for order tests: the small test catalog, fresh products with known stock, customers with carts.</summary>
public abstract class OrderTestBase(DatabaseFixture database) : DatabaseTest(database)
{
    protected int Shop { get; private set; }
    protected int Warehouse { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await TestCatalog.EnsureAsync(Services);
        Shop = await QueryAsync(db => db.Branches.Where(b => b.Code == "CHL").Select(b => b.Id).SingleAsync());
        Warehouse = await QueryAsync(db => db.Branches.Where(b => b.Code == "WH").Select(b => b.Id).SingleAsync());
    }

    /// <summary>A product of its own for one test, with <paramref name="stock"/> units at the shop (and optionally the warehouse).</summary>
    protected async Task<int> NewProductAsync(long price, int stock, bool rx = false, int warehouseStock = 0)
    {
        var id = await InScopeAsync(async (IServiceProvider sp) =>
        {
            var db = sp.GetRequiredService<DorixonaDbContext>();
            var template = await db.Products.AsNoTracking().Include(p => p.Substances).FirstAsync(p => p.Slug == "ibuprofen-200-20");
            var product = new Product
            {
                Slug = "test-" + Guid.NewGuid().ToString("N")[..12], Name = "Test medicine " + price, NameRu = "", CategoryId = template.CategoryId,
                ManufacturerId = template.ManufacturerId, DosageForm = "tablet", Strength = "10 mg", PackSize = 10, Price = price,
                RequiresPrescription = rx, CreatedAt = Clock.UtcNow, UpdatedAt = Clock.UtcNow,
                Substances = [new ProductSubstance { SubstanceId = template.Substances[0].SubstanceId }],
            };
            db.Products.Add(product);
            await db.SaveChangesAsync();
            await sp.GetRequiredService<CatalogRevisions>().BumpCatalogAsync();
            return product.Id;
        });
        if (stock > 0) await StockAsync(id, Shop, stock);
        if (warehouseStock > 0) await StockAsync(id, Warehouse, warehouseStock);
        await Services.GetRequiredService<CatalogIndex>().RebuildAsync();
        return id;
    }

    protected Task StockAsync(int productId, int branchId, int delta) =>
        InScopeAsync(async (StockService s) => Assert.True((await s.ApplyAsync(new StockChange(productId, branchId, delta, StockReasons.Adjustment, "test"))).Succeeded));

    /// <summary>Verified customers inserted directly: checkout needs no password.</summary>
    protected async Task<List<Guid>> CustomersAsync(int count)
    {
        var users = Enumerable.Range(0, count).Select(_ =>
        {
            var phone = TestPhones.Next();
            return new AppUser
            {
                Id = Guid.NewGuid(), UserName = phone, NormalizedUserName = phone, PhoneNumber = phone, PhoneNumberConfirmed = true,
                FullName = "Customer", CreatedAt = Clock.UtcNow, SecurityStamp = Guid.NewGuid().ToString(),
            };
        }).ToList();
        await InScopeAsync(async (DorixonaDbContext db) =>
        {
            db.Users.AddRange(users);
            await db.SaveChangesAsync();
        });
        return users.Select(u => u.Id).ToList();
    }

    protected Task<Result<CartChange>> AddToCartAsync(Guid user, int productId, int quantity) =>
        InScopeAsync((CartService cart) => cart.AddAsync(CartOwner.User(user), productId, quantity));

    protected static CheckoutRequest Delivery(PaymentMethod method = PaymentMethod.Cash, string? key = null, long? expectedTotal = null) =>
        new(Fulfilment.Delivery, null, new CheckoutAddress(Districts.TashkentCity, "Chilonzor", "Bunyodkor", "12", "34", "near the metro", null),
            method, "call before", key ?? Guid.NewGuid().ToString("N"), expectedTotal);

    protected Task<Result<CheckoutOutcome>> CheckoutAsync(Guid user, CheckoutRequest request) =>
        InScopeAsync((CheckoutService c) => c.CheckoutAsync(user, request));

    protected Task<int> ShelfAsync(int productId, int branchId) =>
        QueryAsync(db => db.BranchStock.Where(s => s.ProductId == productId && s.BranchId == branchId).Select(s => s.Quantity).SingleAsync());

    protected Task<int> LedgerAsync(int productId, int branchId) =>
        QueryAsync(db => db.StockLedger.Where(s => s.ProductId == productId && s.BranchId == branchId).SumAsync(s => s.Delta));

    protected Task<Order> OrderAsync(long id) =>
        QueryAsync(db => db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.History).SingleAsync(o => o.Id == id));
}
