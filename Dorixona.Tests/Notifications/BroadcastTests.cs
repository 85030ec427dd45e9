using Dorixona.Core.Audit;
using Dorixona.Core.Identity;
using Dorixona.Core.Notifications;
using Dorixona.Core.Orders;
using Dorixona.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Notifications;

/// <summary>Admin news to a segment of customers, sent in batches through each one's channels for news, with counts.</summary>
public abstract class BroadcastTests(DatabaseFixture database) : DatabaseTest(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : BroadcastTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : BroadcastTests(database), IClassFixture<PostgresDatabase>;

    private FakeTelegram _telegram = null!;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [.. _telegram.Settings(), new("Broadcasts:BatchSize", "2")];

    public override async Task InitializeAsync()
    {
        _telegram = await FakeTelegram.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _telegram.DisposeAsync();
    }

    [Fact]
    public async Task A_broadcast_to_all_customers_reaches_each_once_in_batches_through_their_news_channels_and_counts_sent_and_failed()
    {
        var quiet = await CustomerAsync();
        var texted = await CustomerAsync();
        await NewsAsync(texted, sms: true);
        var onTelegram = await CustomerAsync(chatId: 810001);
        await NewsAsync(onTelegram, telegram: true);
        var blocked = await CustomerAsync(chatId: 810002);
        await NewsAsync(blocked, telegram: true);
        _telegram.Block(810002);
        var courier = await CustomerAsync();
        await InScopeAsync(async (UserManager<AppUser> users) =>
        {
            var u = (await users.FindByIdAsync(courier.Id.ToString()))!;
            await users.RemoveFromRoleAsync(u, Roles.Customer);
            await users.AddToRoleAsync(u, Roles.Courier);
        });
        var customers = await QueryAsync(db => BroadcastAudience.Customers(db).CountAsync());

        var created = await CreateAsync(new BroadcastInput("Yangi filial", "Новый филиал", null, "Chilonzorda ochildik", "Открылись на Чиланзаре", null, "allCustomers", null));
        Assert.True(created.Succeeded);
        Assert.Equal((customers, 0, "sending"), (created.Value!.Recipients, created.Value.Notified, created.Value.Status));
        var batches = await RunToEndAsync();
        await InScopeAsync((OutboxDispatcher d) => d.DispatchDueAsync(CancellationToken.None));

        Assert.True(batches >= 3, $"{customers} customers in batches of 2 took {batches} runs");
        var view = await ViewAsync(created.Value.Id);
        // Customers of earlier tests in this database who turned news on count too: the sent figure is what the outbox holds.
        var sent = await QueryAsync(db => db.OutboxMessages.CountAsync(m => m.BroadcastId == created.Value.Id && m.Status == OutboxStatus.Sent));
        Assert.True(sent >= 2);
        Assert.Equal(("done", customers, customers, sent, 1, 0), (view.Status, view.Recipients, view.Notified, view.Sent, view.Failed, view.Pending));
        foreach (var user in new[] { quiet, texted, onTelegram, blocked })
            Assert.Equal(1, await QueryAsync(db => db.Notifications.CountAsync(n => n.UserId == user.Id && n.Title == "Yangi filial")));
        Assert.Equal(0, await QueryAsync(db => db.Notifications.CountAsync(n => n.UserId == courier.Id)));
        Assert.Equal(0, await QueryAsync(db => db.OutboxMessages.CountAsync(m => m.UserId == quiet.Id)));
        Assert.Equal("Yangi filial. Chilonzorda ochildik", Assert.Single(await SmsToAsync(texted.PhoneNumber!)).Body);
        Assert.Equal("Yangi filial\n\nChilonzorda ochildik", Assert.Single(_telegram.Delivered, c => c.ChatId == 810001).Text);
        var audit = await QueryAsync(db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.BroadcastCreate && e.EntityId == created.Value.Id.ToString()));
        Assert.Equal(AuditEntities.Broadcast, audit.EntityType);
    }

    [Fact]
    public async Task A_customer_reads_the_broadcast_in_their_language_falling_back_to_uzbek()
    {
        var russian = await CustomerAsync(language: "ru");
        var english = await CustomerAsync(language: "en");

        var created = await CreateAsync(new BroadcastInput("Aksiya", "Акция", "", "Chegirma", "Скидка", "", "allCustomers", null));
        await RunToEndAsync();

        Assert.Equal("Акция", await QueryAsync(db => db.Notifications.Where(n => n.UserId == russian.Id).Select(n => n.Title).SingleAsync()));
        Assert.Equal("Aksiya", await QueryAsync(db => db.Notifications.Where(n => n.UserId == english.Id).Select(n => n.Title).SingleAsync()));
        Assert.True(created.Succeeded);
    }

    [Fact]
    public async Task A_broadcast_to_buyers_of_a_category_reaches_only_those_who_bought_from_it_or_its_subcategories()
    {
        var catalog = new CatalogBuilder(Services);
        var top = await catalog.TopCategoryAsync();
        var sub = await catalog.SubcategoryAsync(top);
        var inCategory = await catalog.ProductAsync(p => p.CategoryId = sub);
        var elsewhere = await catalog.ProductAsync();
        var branch = await catalog.BranchAsync();
        var buyer = await CustomerAsync();
        await NewsAsync(buyer, sms: true);
        var otherBuyer = await CustomerAsync();
        var cancelled = await CustomerAsync();
        var nobody = await CustomerAsync();
        await OrderAsync(buyer, inCategory, branch, OrderStatus.Delivered);
        await OrderAsync(otherBuyer, elsewhere, branch, OrderStatus.Delivered);
        await OrderAsync(cancelled, inCategory, branch, OrderStatus.Cancelled);

        var created = await CreateAsync(new BroadcastInput("Vitaminlar", null, null, "Yangi vitaminlar keldi", null, null, "boughtFromCategory", top));
        await RunToEndAsync();
        await InScopeAsync((OutboxDispatcher d) => d.DispatchDueAsync(CancellationToken.None));

        var view = await ViewAsync(created.Value!.Id);
        Assert.Equal((1, 1, 1, 0), (view.Recipients, view.Notified, view.Sent, view.Failed));
        Assert.Equal(1, await QueryAsync(db => db.Notifications.CountAsync(n => n.UserId == buyer.Id && n.Title == "Vitaminlar")));
        foreach (var user in new[] { otherBuyer, cancelled, nobody })
            Assert.Equal(0, await QueryAsync(db => db.Notifications.CountAsync(n => n.UserId == user.Id && n.Title == "Vitaminlar")));
    }

    [Fact]
    public async Task A_broadcast_to_customers_with_a_refill_reminder_reaches_only_them()
    {
        var product = await new CatalogBuilder(Services).ProductAsync();
        var keeper = await CustomerAsync();
        var other = await CustomerAsync();
        await QueryAsync(async db =>
        {
            db.RefillReminders.Add(new Dorixona.Core.Reminders.RefillReminder
            {
                UserId = keeper.Id, ProductId = product, EveryDays = 30, Quantity = 1, NextDueOn = DateOnly.FromDateTime(Clock.UtcNow).AddDays(30), CreatedAt = Clock.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

        var created = await CreateAsync(new BroadcastInput("Eslatma", null, null, "Dori vaqtida", null, null, "withReminder", null));
        await RunToEndAsync();

        var view = await ViewAsync(created.Value!.Id);
        Assert.Equal((1, 1), (view.Recipients, view.Notified));
        Assert.Equal(1, await QueryAsync(db => db.Notifications.CountAsync(n => n.UserId == keeper.Id && n.Title == "Eslatma")));
        Assert.Equal(0, await QueryAsync(db => db.Notifications.CountAsync(n => n.UserId == other.Id && n.Title == "Eslatma")));
    }

    [Fact]
    public async Task A_broadcast_without_a_title_segment_or_category_is_refused_and_nothing_is_sent()
    {
        var before = await QueryAsync(db => db.Broadcasts.CountAsync());

        var noTitle = await CreateAsync(new BroadcastInput(" ", null, null, "matn", null, null, "allCustomers", null));
        var noSegment = await CreateAsync(new BroadcastInput("Sarlavha", null, null, "matn", null, null, "everyone", null));
        var noCategory = await CreateAsync(new BroadcastInput("Sarlavha", null, null, "matn", null, null, "boughtFromCategory", 987654));

        Assert.Equal(("titleUz", "broadcast.required"), (Assert.Single(noTitle.Errors).Field, noTitle.Errors[0].Code));
        Assert.Equal(("segment", "broadcast.segment"), (Assert.Single(noSegment.Errors).Field, noSegment.Errors[0].Code));
        Assert.Equal(("categoryId", "broadcast.category"), (Assert.Single(noCategory.Errors).Field, noCategory.Errors[0].Code));
        Assert.Equal(before, await QueryAsync(db => db.Broadcasts.CountAsync()));
    }

    private async Task<AppUser> CustomerAsync(long? chatId = null, string? language = null)
    {
        var user = await TestUsers.CreateVerifiedAsync(Services, Clock);
        await QueryAsync(async db =>
        {
            if (chatId is { } chat) db.TelegramLinks.Add(new TelegramLink { UserId = user.Id, ChatId = chat, LinkedAt = Clock.UtcNow });
            if (language is not null) await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PreferredCulture, language));
            return await db.SaveChangesAsync();
        });
        return user;
    }

    private async Task NewsAsync(AppUser user, bool sms = false, bool telegram = false)
    {
        var result = await InScopeAsync((NotificationPreferences p) => p.SaveAsync(user.Id, new PreferencesChange(
            new Dictionary<string, IReadOnlyDictionary<string, bool>> { ["news"] = new Dictionary<string, bool> { ["sms"] = sms, ["telegram"] = telegram } }, false, null)));
        Assert.True(result.Succeeded);
    }

    private Task<int> OrderAsync(AppUser user, int productId, int branchId, OrderStatus status) => QueryAsync(db =>
    {
        var at = Clock.UtcNow;
        db.Orders.Add(new Order
        {
            UserId = user.Id, Status = status, Fulfilment = Fulfilment.Pickup, BranchId = branchId, PaymentMethod = PaymentMethod.Cash,
            ContactPhone = user.PhoneNumber!, ItemsTotal = 12_500, Total = 12_500, IdempotencyKey = Guid.NewGuid().ToString("N"),
            CreatedAt = at, UpdatedAt = at, CancelledAt = status == OrderStatus.Cancelled ? at : null,
            Lines = [new OrderLine { ProductId = productId, ProductName = "Testomol", ProductSlug = "testomol", Quantity = 1, UnitPrice = 12_500, LineTotal = 12_500 }],
            History = [new OrderHistoryEntry { ToStatus = OrderStatus.Created, Actor = OrderActor.Customer, At = at }],
        });
        return db.SaveChangesAsync();
    });

    private Task<Core.Common.Result<BroadcastView>> CreateAsync(BroadcastInput input) =>
        InScopeAsync((Broadcasts b) => b.CreateAsync(input, Guid.Empty));

    private async Task<int> RunToEndAsync()
    {
        var runs = 0;
        while (await InScopeAsync((Broadcasts b) => b.SendBatchAsync()) > 0) runs++;
        return runs;
    }

    private async Task<BroadcastView> ViewAsync(long id) => (await InScopeAsync((Broadcasts b) => b.ListAsync())).Single(v => v.Id == id);
}
