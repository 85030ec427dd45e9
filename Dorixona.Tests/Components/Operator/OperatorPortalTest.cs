using Bunit;
using Dorixona.Core.Catalog;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Core.Prescriptions;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Components.Operator;

/// <summary>The operator portal's bunit tests: a signed-in operator, the test catalog, and customers' orders placed through checkout.</summary>
public abstract class OperatorPortalTest(SqliteDatabase database) : PortalComponentTest(database), IAsyncLifetime
{
    protected AppUser OperatorUser { get; private set; } = default!;

    public new async Task InitializeAsync()
    {
        await TestCatalog.EnsureAsync(Services);
        OperatorUser = await SignInStaffAsync(Roles.Operator, "Malika Operator");
    }

    protected Task<AppUser> CustomerAsync(string name = "Dilnoza Rahimova") => TestUsers.CreateVerifiedAsync(Services, Clock, name);

    protected Task<int> ProductAsync(string slug) => InScopeAsync<DorixonaDbContext, int>(db => db.Products.Where(p => p.Slug == slug).Select(p => p.Id).SingleAsync());

    /// <summary>A customer's order placed through the cart and checkout, as the shop would.</summary>
    protected async Task<long> PlaceOrderAsync(AppUser customer, string slug = "ibuprofen-200-20", int quantity = 2,
        Fulfilment fulfilment = Fulfilment.Delivery, PaymentMethod method = PaymentMethod.Cash)
    {
        var product = await ProductAsync(slug);
        // The class's tests share one database: each order brings its own stock, so none runs the shelf empty for the next.
        var branches = await InScopeAsync<DorixonaDbContext, List<int>>(db => db.Branches.Select(b => b.Id).ToListAsync());
        foreach (var branchId in branches)
            await InScopeAsync<StockService, Core.Common.Result<int>>(s => s.ApplyAsync(new StockChange(product, branchId, quantity, StockReasons.Adjustment, "test stock")));
        var added = await InScopeAsync<CartService, Core.Common.Result<CartChange>>(c => c.AddAsync(CartOwner.User(customer.Id), product, quantity));
        Assert.True(added.Succeeded, string.Join(",", added.Errors.Select(e => e.Code)));
        var branch = fulfilment == Fulfilment.Pickup
            ? await InScopeAsync<DorixonaDbContext, int?>(db => db.Branches.Where(b => b.Code == "CHL").Select(b => (int?)b.Id).SingleAsync())
            : null;
        var address = fulfilment == Fulfilment.Delivery
            ? new CheckoutAddress(Districts.TashkentCity, "Chilonzor", "Bunyodkor", "12", "34", null, null) : null;
        var placed = await InScopeAsync<CheckoutService, Core.Common.Result<CheckoutOutcome>>(c =>
            c.CheckoutAsync(customer.Id, new CheckoutRequest(fulfilment, branch, address, method, null, Guid.NewGuid().ToString("N"))));
        Assert.True(placed.Succeeded, string.Join(",", placed.Errors.Select(e => e.Code)));
        return placed.Value!.OrderId;
    }

    protected Task MoveAsync(long order, params OrderStatus[] steps) => InScopeAsync<OrderService>(async s =>
    {
        foreach (var to in steps) Assert.True((await s.TransitionAsync(order, to, OrderActor.Operator, OperatorUser.Id, null)).Succeeded, to.ToString());
    });

    protected Task<OrderStatus> StatusAsync(long order) => InScopeAsync<DorixonaDbContext, OrderStatus>(db => db.Orders.Where(o => o.Id == order).Select(o => o.Status).SingleAsync());

    protected async Task<long> UploadAsync(Guid user)
    {
        var page = await PrescriptionUploads.ReadAsync(new MemoryStream(TestImages.Png), 1);
        Assert.True(page.Succeeded);
        var created = await InScopeAsync<PrescriptionUploads, Core.Common.Result<long>>(u => u.CreateAsync(user, new PrescriptionUpload(null, "Dr. Karimova", null), [page.Value!]));
        Assert.True(created.Succeeded, string.Join(",", created.Errors.Select(e => e.Code)));
        return created.Value;
    }
}
