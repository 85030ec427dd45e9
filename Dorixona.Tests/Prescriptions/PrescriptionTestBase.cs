using Dorixona.Core.Orders;
using Dorixona.Core.Prescriptions;
using Dorixona.Tests.Infrastructure;
using Dorixona.Tests.Orders;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Prescriptions;

/// <summary>Held orders and uploaded prescriptions for the prescription tests.</summary>
public abstract class PrescriptionTestBase(DatabaseFixture database) : OrderTestBase(database)
{
    protected Guid Operator { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Operator = (await CustomersAsync(1))[0];
    }

    /// <summary>A customer's order of <paramref name="quantity"/> units of a prescription-only product, held for its prescription.</summary>
    protected async Task<(Guid User, long Order, int Product)> HeldOrderAsync(PaymentMethod method, int quantity = 2, Guid? user = null, int? product = null)
    {
        var rx = product ?? await NewProductAsync(price: 45_000, stock: 20, rx: true);
        var customer = user ?? (await CustomersAsync(1))[0];
        await AddToCartAsync(customer, rx, quantity);
        var placed = await CheckoutAsync(customer, Delivery(method));
        Assert.True(placed.Succeeded, string.Join(",", placed.Errors.Select(e => e.Code)));
        Assert.Equal(OrderStatus.AwaitingPrescription, (await OrderAsync(placed.Value!.OrderId)).Status);
        return (customer, placed.Value.OrderId, rx);
    }

    protected async Task<long> UploadAsync(Guid user, long? orderId = null)
    {
        var page = await PrescriptionUploads.ReadAsync(new MemoryStream(TestImages.Png), 1);
        Assert.True(page.Succeeded);
        var created = await InScopeAsync((PrescriptionUploads u) => u.CreateAsync(user, new PrescriptionUpload("please", "Dr. Karimova, clinic 12", orderId), [page.Value!]));
        Assert.True(created.Succeeded, string.Join(",", created.Errors.Select(e => e.Code)));
        return created.Value;
    }

    protected Task<Core.Common.Result<ApproveOutcome>> ApproveAsync(long prescription, params CoverItem[] items) =>
        InScopeAsync((PrescriptionDecisions d) => d.ApproveAsync(prescription, Operator, new ApproveRequest(items, null, null)));

    protected Task<Core.Common.Result> MoveAsync(long order, OrderStatus to, OrderActor actor) =>
        InScopeAsync((OrderService s) => s.TransitionAsync(order, to, actor, null, to == OrderStatus.Cancelled ? "test" : null));

    protected Task<Prescription> PrescriptionAsync(long id) =>
        QueryAsync(db => db.Prescriptions.AsNoTracking().Include(p => p.History).Include(p => p.Items).SingleAsync(p => p.Id == id));

    protected Task<List<string>> NotificationTitlesAsync(Guid user) =>
        QueryAsync(db => db.Notifications.Where(n => n.UserId == user).OrderBy(n => n.Id).Select(n => n.Title).ToListAsync());
}
