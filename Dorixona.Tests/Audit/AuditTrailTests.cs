using System.Text.Json;
using Dorixona.Core.Audit;
using Dorixona.Core.Catalog;
using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Catalog.Import;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Core.Orders;
using Dorixona.Core.Prescriptions;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Infrastructure;
using Dorixona.Tests.Prescriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Audit;

/// <summary>
/// Each audited change writes exactly one entry naming who did it, with the values before and after; a change that is
/// refused or rolled back writes none; the audit page's filters find the right entries.
/// </summary>
public abstract class AuditTrailTests(DatabaseFixture database) : PrescriptionTestBase(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : AuditTrailTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : AuditTrailTests(database), IClassFixture<PostgresDatabase>;

    private CatalogBuilder Catalog => new(Services);

    [Fact]
    public async Task A_price_edit_by_an_admin_writes_one_entry_with_the_old_and_new_price_and_an_unchanged_price_writes_none()
    {
        var admin = await TestUsers.CreateVerifiedAsync(Services, Clock, "Aziza Admin");
        var id = await Catalog.ProductAsync(p => p.Price = 12_500);
        var input = (await Catalog.UseAsync((ProductAdmin s) => s.GetInputAsync(id)))!;
        input.Price = 13_900;

        using (AuditActor.Use(new AuditActor(admin.Id, "Aziza Admin, +998", "10.0.0.7")))
        {
            Assert.True((await Catalog.UseAsync((ProductAdmin s) => s.UpdateAsync(id, input))).Succeeded);
            input.Name += " renamed"; // a change that is not a price: no entry
            Assert.True((await Catalog.UseAsync((ProductAdmin s) => s.UpdateAsync(id, input))).Succeeded);
        }

        var entry = Assert.Single(await EntriesAsync(AuditEntities.Product, id.ToString()));
        Assert.Equal((AuditActions.ProductPrice, admin.Id, "Aziza Admin, +998", "10.0.0.7"), (entry.Action, entry.ActorId, entry.ActorDisplay, entry.IpAddress));
        Assert.Equal(12_500, Json(entry.Before).GetProperty("price").GetInt64());
        Assert.Equal(13_900, Json(entry.After).GetProperty("price").GetInt64());
        Assert.Equal(Clock.UtcNow, entry.At);
    }

    [Fact]
    public async Task A_refused_price_edit_writes_no_entry()
    {
        var id = await Catalog.ProductAsync(p => p.Price = 12_500);
        var input = (await Catalog.UseAsync((ProductAdmin s) => s.GetInputAsync(id)))!;
        input.Price = 13_900;
        input.OldPrice = 100; // must be above the price: refused

        var result = await Catalog.UseAsync((ProductAdmin s) => s.UpdateAsync(id, input));

        Assert.False(result.Succeeded);
        Assert.Empty(await EntriesAsync(AuditEntities.Product, id.ToString()));
    }

    [Fact]
    public async Task A_csv_import_records_each_existing_product_whose_price_changed_once()
    {
        var refs = await Catalog.CsvReferencesAsync();
        var slug = CatalogBuilder.Unique("aud-");
        await ImportAsync(TestCsv.Text(TestCsv.Row(slug, refs.Category, refs.Substance, refs.Manufacturer, ("price", "15000"))));
        var id = await QueryAsync(db => db.Products.Where(p => p.Slug == slug).Select(p => p.Id).SingleAsync());

        await ImportAsync(TestCsv.Text(TestCsv.Row(slug, refs.Category, refs.Substance, refs.Manufacturer, ("price", "16500"))));
        await ImportAsync(TestCsv.Text(TestCsv.Row(slug, refs.Category, refs.Substance, refs.Manufacturer, ("price", "16500"))));

        var entry = Assert.Single(await EntriesAsync(AuditEntities.Product, id.ToString()));
        Assert.Equal((15_000, 16_500), (Json(entry.Before).GetProperty("price").GetInt64(), Json(entry.After).GetProperty("price").GetInt64()));
        Assert.Equal("import", Json(entry.After).GetProperty("source").GetString());
        Assert.Null(entry.ActorId); // no one signed in: the system
    }

    [Fact]
    public async Task A_stock_adjustment_writes_one_entry_and_a_refused_one_none()
    {
        var product = await NewProductAsync(price: 9_000, stock: 0);
        var admin = await TestUsers.CreateVerifiedAsync(Services, Clock, "Stock Admin");

        var added = await InScopeAsync((StockAdmin s) => s.AdjustAsync(new StockAdjustment(product, Shop, 7, "delivery"), admin.Id));
        var refused = await InScopeAsync((StockAdmin s) => s.AdjustAsync(new StockAdjustment(product, Shop, -50, "broken"), admin.Id));

        Assert.True(added.Succeeded);
        Assert.False(refused.Succeeded);
        var entry = Assert.Single(await EntriesAsync(AuditEntities.Product, product.ToString()));
        Assert.Equal((AuditActions.StockAdjust, admin.Id), (entry.Action, entry.ActorId));
        Assert.StartsWith("Stock Admin", entry.ActorDisplay, StringComparison.Ordinal);
        Assert.Equal((0, 7), (Json(entry.Before).GetProperty("quantity").GetInt32(), Json(entry.After).GetProperty("quantity").GetInt32()));
    }

    [Fact]
    public async Task An_order_move_writes_one_entry_with_from_to_and_actor()
    {
        var product = await NewProductAsync(price: 10_000, stock: 5);
        var customer = (await CustomersAsync(1))[0];
        await AddToCartAsync(customer, product, 1);
        var order = (await CheckoutAsync(customer, Delivery(PaymentMethod.Cash))).Value!.OrderId;
        var staff = await TestUsers.CreateVerifiedAsync(Services, Clock, "Olim Operator");

        var moved = await InScopeAsync((OrderService s) => s.TransitionAsync(order, OrderStatus.Confirmed, OrderActor.Operator, staff.Id, null));

        Assert.True(moved.Succeeded);
        // Placing the order is its creation (the order's history has it); every move after it is audited.
        var last = Assert.Single(await EntriesAsync(AuditEntities.Order, order.ToString()));
        Assert.Equal((AuditActions.OrderTransition, staff.Id), (last.Action, last.ActorId));
        Assert.Equal(("AwaitingConfirmation", "Confirmed"), (Json(last.Before).GetProperty("status").GetString(), Json(last.After).GetProperty("status").GetString()));
        Assert.StartsWith("Olim Operator", last.ActorDisplay, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_order_move_rolled_back_with_its_callers_transaction_leaves_no_entry()
    {
        var product = await NewProductAsync(price: 10_000, stock: 5);
        var customer = (await CustomersAsync(1))[0];
        await AddToCartAsync(customer, product, 1);
        var order = (await CheckoutAsync(customer, Delivery(PaymentMethod.Cash))).Value!.OrderId;

        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            var moved = await scope.ServiceProvider.GetRequiredService<OrderService>()
                .TransitionAsync(order, OrderStatus.Confirmed, OrderActor.Operator, Operator, null);
            Assert.True(moved.Succeeded);
            await tx.RollbackAsync();
        }

        Assert.Equal(OrderStatus.AwaitingConfirmation, (await OrderAsync(order)).Status);
        Assert.Empty(await EntriesAsync(AuditEntities.Order, order.ToString()));
    }

    [Fact]
    public async Task Prescription_approval_and_rejection_each_write_one_entry_naming_the_operator()
    {
        var (user, _, product) = await HeldOrderAsync(PaymentMethod.Cash);
        var approved = await UploadAsync(user);
        var rejected = await UploadAsync(user);

        Assert.True((await ApproveAsync(approved, new CoverItem(product, null, 2))).Succeeded);
        Assert.True((await InScopeAsync((PrescriptionDecisions d) => d.RejectAsync(rejected, Operator, "unreadable", null))).Succeeded);
        var again = await InScopeAsync((PrescriptionDecisions d) => d.RejectAsync(approved, Operator, "unreadable", null)); // already decided

        Assert.False(again.Succeeded);
        var approval = Assert.Single(await EntriesAsync(AuditEntities.Prescription, approved.ToString()));
        var rejection = Assert.Single(await EntriesAsync(AuditEntities.Prescription, rejected.ToString()));
        Assert.Equal((AuditActions.PrescriptionApprove, Operator), (approval.Action, approval.ActorId));
        Assert.Equal((AuditActions.PrescriptionReject, Operator), (rejection.Action, rejection.ActorId));
        Assert.Equal("Approved", Json(approval.After).GetProperty("status").GetString());
        Assert.Equal("unreadable", Json(rejection.After).GetProperty("details").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Filters_find_entries_by_actor_phone_in_any_spelling_type_action_id_and_tashkent_day()
    {
        var admin = await TestUsers.CreateVerifiedAsync(Services, Clock, "Filter Admin");
        var other = await TestUsers.CreateVerifiedAsync(Services, Clock, "Other Admin");
        var p1 = await Catalog.ProductAsync(p => p.Price = 1_000);
        var p2 = await Catalog.ProductAsync(p => p.Price = 1_000);
        // 23:59 in Tashkent on the 20th, then midnight of the 21st.
        Clock.Set(new DateTimeOffset(2026, 11, 20, 18, 59, 0, TimeSpan.Zero));
        await PriceAsync(admin.Id, p1, 2_000);
        Clock.Set(new DateTimeOffset(2026, 11, 20, 19, 0, 0, TimeSpan.Zero));
        await PriceAsync(other.Id, p2, 3_000);
        await InScopeAsync((StockAdmin s) => s.AdjustAsync(new StockAdjustment(p1, Shop, 3, "count"), admin.Id));
        var local = PhoneNumber(admin.PhoneNumber!);

        var byActor = await ListAsync(new AuditFilter(Actor: local));
        var byAction = await ListAsync(new AuditFilter(Action: AuditActions.ProductPrice, EntityType: AuditEntities.Product));
        var byId = await ListAsync(new AuditFilter(EntityType: AuditEntities.Product, EntityId: p1.ToString()));
        var day21 = await ListAsync(new AuditFilter(Action: AuditActions.ProductPrice,
            From: new DateTime(2026, 11, 20, 19, 0, 0, DateTimeKind.Utc), To: new DateTime(2026, 11, 21, 19, 0, 0, DateTimeKind.Utc)));
        var nobody = await ListAsync(new AuditFilter(Actor: "+998 99 999 99 99"));

        Assert.Equal([AuditActions.StockAdjust, AuditActions.ProductPrice], byActor.Select(r => r.Action)); // newest first
        Assert.All(byActor, r => Assert.Equal(admin.Id, r.ActorId));
        Assert.Equal([p2.ToString(), p1.ToString()], byAction.Where(r => r.EntityId == p1.ToString() || r.EntityId == p2.ToString()).Select(r => r.EntityId));
        Assert.Equal(2, byId.Count);
        Assert.Contains(day21, r => r.EntityId == p2.ToString());
        Assert.DoesNotContain(day21, r => r.EntityId == p1.ToString());
        Assert.Empty(nobody);
    }

    [Fact]
    public async Task Pages_of_any_size_walk_the_trail_newest_or_oldest_first_without_gaps_or_repeats()
    {
        var admin = await TestUsers.CreateVerifiedAsync(Services, Clock, "Paging Admin");
        var product = await Catalog.ProductAsync(p => p.Price = 1_000);
        for (var i = 1; i <= 5; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            await PriceAsync(admin.Id, product, 1_000 + i);
        }
        var filter = new AuditFilter(EntityType: AuditEntities.Product, EntityId: product.ToString(), PageSize: 2);

        var newest = new List<AuditRow>();
        for (var page = 1; page <= 3; page++) newest.AddRange(await ListAsync(filter with { Page = page }));
        var oldest = await ListAsync(filter with { PageSize = 10, OldestFirst = true });

        Assert.Equal(5, newest.Count);
        Assert.Equal(newest.Select(r => r.Id).Distinct(), newest.Select(r => r.Id));
        Assert.Equal(newest.OrderByDescending(r => r.At).Select(r => r.Id), newest.Select(r => r.Id));
        Assert.Equal(newest.Select(r => r.Id).Reverse(), oldest.Select(r => r.Id));
        Assert.Single(await ListAsync(filter with { Page = 3 }));
    }

    [Fact]
    public async Task An_order_is_found_by_its_number()
    {
        var product = await NewProductAsync(price: 10_000, stock: 5);
        var customer = (await CustomersAsync(1))[0];
        await AddToCartAsync(customer, product, 1);
        var order = (await CheckoutAsync(customer, Delivery(PaymentMethod.Cash))).Value!.OrderId;

        Assert.True((await InScopeAsync((OrderService s) => s.TransitionAsync(order, OrderStatus.Confirmed, OrderActor.Operator, Operator, null))).Succeeded);

        var rows = await ListAsync(new AuditFilter(EntityId: Order.NumberFor(order)));

        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal((AuditEntities.Order, order.ToString()), (r.EntityType, r.EntityId)));
    }

    private static string PhoneNumber(string normalized) => normalized[4..]; // "901234567": no country code, no spaces

    private async Task PriceAsync(Guid actor, int id, long price)
    {
        var input = (await Catalog.UseAsync((ProductAdmin s) => s.GetInputAsync(id)))!;
        input.Price = price;
        using (AuditActor.Use(new AuditActor(actor, "x")))
            Assert.True((await Catalog.UseAsync((ProductAdmin s) => s.UpdateAsync(id, input))).Succeeded);
    }

    private async Task<IReadOnlyList<AuditRow>> ListAsync(AuditFilter filter) =>
        (await InScopeAsync((AuditQueries q) => q.ListAsync(filter))).Rows;

    private async Task ImportAsync(string csv)
    {
        var report = await InScopeAsync((ProductImporter i) => i.ImportAsync(new StringReader(csv), dryRun: false));
        Assert.True(report.Succeeded, string.Join(",", report.Errors.Select(e => e.Code)));
    }

    /// <summary>Entries about one thing, newest first.</summary>
    private Task<List<AuditEntry>> EntriesAsync(string type, string id) =>
        QueryAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityType == type && e.EntityId == id)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).ToListAsync());

    private static JsonElement Json(string? json) => JsonDocument.Parse(json ?? "null").RootElement;
}
