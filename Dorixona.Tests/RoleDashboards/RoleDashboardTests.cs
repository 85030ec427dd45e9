using Dorixona.Core.Delivery;
using Dorixona.Core.Orders;
using Dorixona.Core.Prescriptions;
using Dorixona.Core.RoleDashboards;
using Dorixona.Tests.Delivery;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.RoleDashboards;

/// <summary>The operator's queues equal a direct count over the same data; a customer's dashboard holds only their own things.</summary>
public abstract class RoleDashboardTests(DatabaseFixture database) : DeliveryTestBase(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : RoleDashboardTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : RoleDashboardTests(database), IClassFixture<PostgresDatabase>;

    [Fact]
    public async Task Operator_queues_and_waits_equal_a_direct_computation()
    {
        var customer = (await CustomersAsync(1))[0];
        await UploadAsync(customer);
        Clock.Advance(TimeSpan.FromMinutes(10));
        await PlacedAsync();
        Clock.Advance(TimeSpan.FromMinutes(20));
        await UploadAsync(customer);
        await PlacedAsync();
        Clock.Advance(TimeSpan.FromMinutes(3));
        await ReadyAsync();
        var (_, packing) = await PlacedAsync();
        Clock.Advance(TimeSpan.FromMinutes(7));
        Assert.True((await InScopeAsync((OrderService s) => s.TransitionAsync(packing, OrderStatus.Confirmed, OrderActor.Operator, null, null))).Succeeded);
        await UploadAsync(customer);
        Clock.Advance(TimeSpan.FromMinutes(4));

        var view = await InScopeAsync((OperatorDashboard d) => d.LoadAsync());

        var now = Clock.UtcNow;
        var expected = new List<QueueStat>
        {
            Stat(OperatorQueue.Prescriptions, await QueryAsync(db => db.Prescriptions.Where(p => p.Status == PrescriptionStatus.Pending).Select(p => p.CreatedAt).ToListAsync()), now),
            Stat(OperatorQueue.ToConfirm, await EnteredAsync(OrderStatus.AwaitingConfirmation, OrderStatus.Paid), now),
            Stat(OperatorQueue.Packing, await EnteredAsync(OrderStatus.Confirmed, OrderStatus.Packing), now),
            Stat(OperatorQueue.Ready, await EnteredAsync(OrderStatus.Ready), now),
            Stat(OperatorQueue.Unassigned, await QueryAsync(db => db.DeliveryHistory
                .Where(h => h.ToState == DeliveryState.Ready && db.Deliveries.Any(d => d.Id == h.DeliveryId && d.State == DeliveryState.Ready))
                .GroupBy(h => h.DeliveryId).Select(g => g.Max(h => h.At)).ToListAsync()), now),
        };
        Assert.Equal(expected, view.Queues);
        Assert.True(view.Queues.All(q => q.Count > 0), "every queue has something in it");
        Assert.Equal(Math.Min(OperatorDashboard.ActNowSize, view.Queues.Sum(q => q.Count)), view.ActNow.Count);
        Assert.Equal(view.Queues.Max(q => q.Oldest), view.ActNow[0].Waited);
        Assert.Equal(view.ActNow.OrderByDescending(i => i.Waited).Select(i => i.Waited), view.ActNow.Select(i => i.Waited));
    }

    [Fact]
    public async Task A_customer_sees_their_recent_orders_valid_prescriptions_and_notifications_and_nothing_of_anyone_else()
    {
        var (me, myOrder) = await PlacedAsync();
        var (other, otherOrder) = await PlacedAsync();
        var product = await NewProductAsync(price: 20_000, stock: 5, rx: true);
        var mine = await UploadAsync(me);
        var theirs = await UploadAsync(other);
        var rejected = await UploadAsync(me);
        var operatorId = (await CustomersAsync(1))[0];
        foreach (var rx in new[] { mine, theirs })
            Assert.True((await InScopeAsync((PrescriptionDecisions d) => d.ApproveAsync(rx, operatorId,
                new ApproveRequest([new CoverItem(product, null, 3)], Clock.UtcNow.AddDays(30), null)))).Succeeded);
        Assert.True((await InScopeAsync((PrescriptionDecisions d) => d.RejectAsync(rejected, operatorId, "unreadable", null))).Succeeded);

        var view = await InScopeAsync((CustomerDashboard d) => d.LoadAsync(me));

        Assert.Equal([myOrder], view.Orders.Select(o => o.Id));
        Assert.Equal(OrderStatus.AwaitingConfirmation, view.Orders[0].Status);
        var active = Assert.Single(view.Prescriptions);
        Assert.Equal(mine, active.Id);
        Assert.Equal(Clock.UtcNow.AddDays(30), active.ValidUntil);
        var cover = Assert.Single(active.Covers);
        Assert.Equal((product, 3), (cover.ProductId!.Value, cover.Quantity));
        var myNotes = await QueryAsync(db => db.Notifications.Where(n => n.UserId == me).Select(n => n.Id).ToListAsync());
        Assert.NotEmpty(view.Notifications);
        Assert.All(view.Notifications, n => Assert.Contains(n.Id, myNotes));
        Assert.DoesNotContain(view.Orders, o => o.Id == otherOrder);

        Clock.Advance(TimeSpan.FromDays(31)); // past its date: no longer active, even before the expiry job runs
        Assert.Empty((await InScopeAsync((CustomerDashboard d) => d.LoadAsync(me))).Prescriptions);
    }

    private Task<List<DateTime>> EnteredAsync(params OrderStatus[] statuses) =>
        QueryAsync(db => db.Orders.Where(o => statuses.Contains(o.Status))
            .Select(o => db.OrderHistory.Where(h => h.OrderId == o.Id && h.ToStatus == o.Status).Max(h => h.At)).ToListAsync());

    private static QueueStat Stat(OperatorQueue queue, List<DateTime> since, DateTime now)
    {
        if (since.Count == 0) return new QueueStat(queue, 0, null, null);
        var waits = since.Select(s => now - s).OrderBy(w => w).ToArray();
        var median = waits.Length % 2 == 1 ? waits[waits.Length / 2] : TimeSpan.FromTicks((waits[waits.Length / 2 - 1].Ticks + waits[waits.Length / 2].Ticks) / 2);
        return new QueueStat(queue, waits.Length, waits.Max(), median);
    }

    private async Task<long> UploadAsync(Guid user)
    {
        var page = await PrescriptionUploads.ReadAsync(new MemoryStream(TestImages.Png), 1);
        var created = await InScopeAsync((PrescriptionUploads u) => u.CreateAsync(user, new PrescriptionUpload(null, "Dr. Karimova", null), [page.Value!]));
        Assert.True(created.Succeeded, string.Join(",", created.Errors.Select(e => e.Code)));
        return created.Value;
    }
}
