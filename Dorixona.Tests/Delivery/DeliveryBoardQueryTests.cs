using Dorixona.Core.Delivery;
using Dorixona.Core.Orders;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Delivery;

/// <summary>The operators' grid pages, counts and filters in the database; the assignment dialog's couriers come best first.</summary>
public abstract class DeliveryBoardQueryTests(DatabaseFixture database) : DeliveryTestBase(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : DeliveryBoardQueryTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : DeliveryBoardQueryTests(database), IClassFixture<PostgresDatabase>;

    [Fact]
    public async Task The_grid_pages_and_counts_one_state_newest_first_or_oldest_first()
    {
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await ReadyAsync()).Delivery);
            Clock.Advance(TimeSpan.FromMinutes(1));
        }
        var courier = await CourierAsync();
        Ok(await Do(s => s.AssignAsync(ids[1], courier, Operator)));
        var ready = await QueryAsync(db => db.Deliveries.CountAsync(d => d.State == DeliveryState.Ready));

        var newest = await InScopeAsync((DeliveryQueries q) => q.BoardPageAsync(new DeliveryBoardFilter(DeliveryState.Ready), 0, 1, newestFirst: true));
        var oldest = await InScopeAsync((DeliveryQueries q) => q.BoardPageAsync(new DeliveryBoardFilter(DeliveryState.Ready), 0, 100, newestFirst: false));
        var assigned = await InScopeAsync((DeliveryQueries q) => q.BoardPageAsync(new DeliveryBoardFilter(DeliveryState.Assigned), 0, 10, newestFirst: false));

        Assert.Equal((ready, ids[2]), (newest.Total, Assert.Single(newest.Items).Id));
        Assert.Equal(ready, oldest.Items.Count);
        Assert.True(oldest.Items.ToList().FindIndex(d => d.Id == ids[0]) < oldest.Items.ToList().FindIndex(d => d.Id == ids[2]));
        Assert.DoesNotContain(oldest.Items, d => d.Id == ids[1]);
        var row = Assert.Single(assigned.Items, d => d.Id == ids[1]);
        Assert.Equal(("Chilonzor", "Courier"), (row.BranchName, row.CourierName));
    }

    [Fact]
    public async Task The_assignment_choices_put_the_least_busy_courier_first_and_tell_how_far_each_was_from_the_branch()
    {
        var (_, _, busyDelivery) = await ReadyAsync(PaymentMethod.Click);
        var (_, _, id) = await ReadyAsync(PaymentMethod.Click);
        var busy = await CourierAsync("Busy courier");
        var idle = await CourierAsync("Idle courier");
        await OnTheWayAsync(busyDelivery, busy);
        Ok(await Do(s => s.RecordPositionAsync(busyDelivery, DeliveryActor.Courier(busy), 41.2850, 69.2040, 5)));

        var choices = (await InScopeAsync((DeliveryQueries q) => q.AssignmentChoicesAsync(id)))!;

        Assert.Equal("Chilonzor", choices.BranchName);
        var order = choices.Couriers.Select(c => c.Id).ToList();
        Assert.True(order.IndexOf(idle) < order.IndexOf(busy));
        Assert.Equal(0, choices.Couriers[0].ActiveTotal);
        var free = Assert.Single(choices.Couriers, c => c.Id == idle);
        Assert.Equal((0, 0, (double?)null), (free.ActiveInZone, free.ActiveTotal, free.KmToBranch));
        var other = Assert.Single(choices.Couriers, c => c.Id == busy);
        Assert.Equal(1, other.ActiveTotal);
        Assert.NotNull(other.KmToBranch);
        Assert.Null(await InScopeAsync((DeliveryQueries q) => q.AssignmentChoicesAsync(long.MaxValue)));
    }
}
