using Dorixona.Core.Delivery;
using Dorixona.Core.Orders;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Delivery;

/// <summary>Couriers touch only their own deliveries; the handover code and the position feed have their limits.</summary>
public abstract class HandoverAndPositionTests(DatabaseFixture database) : DeliveryTestBase(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : HandoverAndPositionTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : HandoverAndPositionTests(database), IClassFixture<PostgresDatabase>;

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    [Fact]
    public async Task A_courier_cannot_act_on_another_couriers_delivery()
    {
        var (_, order, id) = await ReadyAsync(PaymentMethod.Click);
        var owner = await CourierAsync("Owner");
        var other = DeliveryActor.Courier(await CourierAsync("Other"));
        Ok(await Do(s => s.AssignAsync(id, owner, Operator)));

        Refused(await Do(s => s.AcceptAsync(id, other)), "delivery.notFound");
        Refused(await Do(s => s.DeclineAsync(id, other, null)), "delivery.notFound");
        Ok(await Do(s => s.AcceptAsync(id, DeliveryActor.Courier(owner))));
        Ok(await Do(s => s.PickUpAsync(id, DeliveryActor.Courier(owner))));
        Refused(await Do(s => s.StartAsync(id, other)), "delivery.notFound");
        Ok(await Do(s => s.StartAsync(id, DeliveryActor.Courier(owner))));
        var code = (await DeliveryAsync(id)).HandoverCode;
        Refused(await Do(s => s.RecordPositionAsync(id, other, 41.3, 69.2, 10)), "delivery.notFound");
        Refused(await Do(s => s.DeliverWithCodeAsync(id, other, code, null)), "delivery.notFound");
        Refused(await Do(s => s.DeliverWithPhotoAsync(id, other, new ProofPhoto(Png), "left at the door", null)), "delivery.notFound");
        Refused(await Do(s => s.FailAsync(id, other, FailReason.Refused, null)), "delivery.notFound");
        Assert.Empty(await InScopeAsync((DeliveryQueries q) => q.ForCourierAsync(other.UserId)));

        var delivery = await DeliveryAsync(id);
        Assert.Equal((DeliveryState.OnTheWay, owner, 0), (delivery.State, delivery.CourierId!.Value, delivery.CodeAttempts));
        Assert.Equal(OrderStatus.OutForDelivery, (await OrderAsync(order)).Status);
        Assert.Equal(0, await QueryAsync(db => db.DeliveryPositions.CountAsync(p => p.DeliveryId == id)));
    }

    [Fact]
    public async Task A_wrong_code_is_refused_and_five_lock_the_code_leaving_photo_and_note_for_review()
    {
        var (_, order, id) = await ReadyAsync(PaymentMethod.Click);
        var courierId = await CourierAsync();
        await OnTheWayAsync(id, courierId);
        var courier = DeliveryActor.Courier(courierId);
        var code = (await DeliveryAsync(id)).HandoverCode!;
        var wrong = code == "0000" ? "1111" : "0000";

        var first = await Do(s => s.DeliverWithCodeAsync(id, courier, wrong, null));
        Refused(first, "delivery.codeWrong");
        Assert.Equal(4, (int)first.Errors[0].Args[0]);
        for (var i = 0; i < 3; i++) Refused(await Do(s => s.DeliverWithCodeAsync(id, courier, wrong, null)), "delivery.codeWrong");
        Refused(await Do(s => s.DeliverWithCodeAsync(id, courier, wrong, null)), "delivery.codeLocked");
        Refused(await Do(s => s.DeliverWithCodeAsync(id, courier, code, null)), "delivery.codeLocked");
        var locked = await DeliveryAsync(id);
        Assert.Equal((DeliveryState.OnTheWay, 5), (locked.State, locked.CodeAttempts));
        Assert.NotNull(locked.CodeLockedAt);
        Assert.Equal(OrderStatus.OutForDelivery, (await OrderAsync(order)).Status);
        var tracking = await InScopeAsync((DeliveryQueries q) => q.TrackingAsync(order, null));
        Assert.Null(tracking!.HandoverCode);

        Refused(await Do(s => s.DeliverWithPhotoAsync(id, courier, new ProofPhoto("GIF89a-not-allowed"u8.ToArray()), "door", null)), "delivery.photoType");
        Refused(await Do(s => s.DeliverWithPhotoAsync(id, courier, new ProofPhoto(Png), " ", null)), "delivery.noteRequired");
        Ok(await Do(s => s.DeliverWithPhotoAsync(id, courier, new ProofPhoto(Png), "Customer's neighbour took it", null)));

        var delivered = await DeliveryAsync(id);
        Assert.True(delivered.NeedsReview);
        Assert.Matches("^delivery-proofs/[0-9a-f]{32}\\.png$", delivered.ProofPhoto);
        Assert.Equal(OrderStatus.Delivered, (await OrderAsync(order)).Status);
        Assert.True(await InScopeAsync((DeliveryService s) => s.MarkReviewedAsync(id)));
    }

    [Fact]
    public async Task Parallel_wrong_codes_never_count_past_the_limit()
    {
        var (_, _, id) = await ReadyAsync(PaymentMethod.Click);
        var courierId = await CourierAsync();
        await OnTheWayAsync(id, courierId);
        var code = (await DeliveryAsync(id)).HandoverCode!;
        var wrong = code == "0000" ? "1111" : "0000";

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Do(s => s.DeliverWithCodeAsync(id, DeliveryActor.Courier(courierId), wrong, null)))));

        Assert.Equal(5, (await DeliveryAsync(id)).CodeAttempts);
    }

    [Fact]
    public async Task Positions_are_refused_outside_on_the_way_and_faster_than_the_interval()
    {
        var (_, order, id) = await ReadyAsync(PaymentMethod.Click);
        var courierId = await CourierAsync();
        var courier = DeliveryActor.Courier(courierId);
        Ok(await Do(s => s.AssignAsync(id, courierId, Operator)));
        Refused(await Do(s => s.RecordPositionAsync(id, courier, 41.30, 69.24, 5)), "delivery.notOnTheWay");
        Ok(await Do(s => s.AcceptAsync(id, courier)));
        Ok(await Do(s => s.PickUpAsync(id, courier)));
        Refused(await Do(s => s.RecordPositionAsync(id, courier, 41.30, 69.24, 5)), "delivery.notOnTheWay");
        Ok(await Do(s => s.StartAsync(id, courier)));

        Refused(await Do(s => s.RecordPositionAsync(id, courier, 91, 69.24, 5)), "delivery.positionInvalid");
        Ok(await Do(s => s.RecordPositionAsync(id, courier, 41.30, 69.24, 5)));
        Clock.Advance(TimeSpan.FromSeconds(3));
        Refused(await Do(s => s.RecordPositionAsync(id, courier, 41.29, 69.23, 5)), "delivery.positionTooFrequent");
        Clock.Advance(TimeSpan.FromSeconds(15));
        Ok(await Do(s => s.RecordPositionAsync(id, courier, 41.28, 69.22, 5)));

        var tracking = await InScopeAsync((DeliveryQueries q) => q.TrackingAsync(order, null));
        Assert.Equal((41.28, 69.22), (tracking!.Last!.Lat, tracking.Last.Lon));
        Assert.Equal(2, tracking.Positions.Count);
        Assert.NotNull(tracking.EtaMinutes);

        Ok(await Do(s => s.DeliverWithCodeAsync(id, courier, tracking.HandoverCode, null)));
        Clock.Advance(TimeSpan.FromSeconds(30));
        Refused(await Do(s => s.RecordPositionAsync(id, courier, 41.27, 69.21, 5)), "delivery.notOnTheWay");
        Assert.Equal(2, await QueryAsync(db => db.DeliveryPositions.CountAsync(p => p.DeliveryId == id)));
    }

    [Fact]
    public async Task Positions_older_than_thirty_days_are_purged()
    {
        var (_, _, id) = await ReadyAsync(PaymentMethod.Click);
        var courierId = await CourierAsync();
        await OnTheWayAsync(id, courierId);
        Ok(await Do(s => s.RecordPositionAsync(id, DeliveryActor.Courier(courierId), 41.30, 69.24, 5)));

        Clock.Advance(TimeSpan.FromDays(29));
        await InScopeAsync((DeliveryPositionPurge p) => p.PurgeAsync());
        Assert.Equal(1, await QueryAsync(db => db.DeliveryPositions.CountAsync(p => p.DeliveryId == id)));
        Clock.Advance(TimeSpan.FromDays(2));
        Assert.True(await InScopeAsync((DeliveryPositionPurge p) => p.PurgeAsync()) >= 1);

        Assert.Equal(0, await QueryAsync(db => db.DeliveryPositions.CountAsync(p => p.DeliveryId == id)));
        Assert.Null((await DeliveryAsync(id)).LastLat);
    }
}
