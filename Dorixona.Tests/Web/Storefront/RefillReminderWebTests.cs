using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Notifications;
using Dorixona.Core.Reminders;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Infrastructure;
using Dorixona.Tests.Web.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dorixona.Tests.Web.Storefront;

/// <summary>Refill reminders through the real host: the API and its refusals, the job that tells on the day, the refill page and the forms.</summary>
public abstract class RefillReminderWebTests(WebAppFixture web) : IAsyncLifetime
{
    public sealed class OnSqlite(SqliteWebApp web) : RefillReminderWebTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : RefillReminderWebTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;

    public Task InitializeAsync() => TestCatalog.EnsureAsync(_app.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_reminder_is_made_changed_listed_and_deleted_by_its_owner()
    {
        var (browser, user) = await _app.SignedInCustomerAsync();
        var citramon = await _app.ProductIdAsync("citramon-p-10");
        var today = Tashkent.Today(TimeProvider.System);

        using var made = await browser.PostAsJsonAsync("/api/v1/me/reminders", new { productId = citramon, everyDays = 30 });
        using var changed = await browser.PostAsJsonAsync("/api/v1/me/reminders", new { productId = citramon, everyDays = 14, quantity = 3 });
        var list = (await browser.GetFromJsonAsync<JsonElement>("/api/v1/me/reminders")).EnumerateArray().ToList();
        var id = list.Single().GetProperty("id").GetInt64();
        using var deleted = await browser.DeleteAsync($"/api/v1/me/reminders/{id}");
        using var deletedAgain = await browser.DeleteAsync($"/api/v1/me/reminders/{id}");

        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var first = await made.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(today.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), first.GetProperty("nextOn").GetString());
        Assert.Equal(1, first.GetProperty("quantity").GetInt32());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var reminder = list.Single();
        Assert.Equal(14, reminder.GetProperty("everyDays").GetInt32());
        Assert.Equal(3, reminder.GetProperty("quantity").GetInt32());
        Assert.Equal("citramon-p-10", reminder.GetProperty("slug").GetString());
        Assert.Equal($"/reminders/{id}/refill", reminder.GetProperty("refillUrl").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.RefillReminders.CountAsync(r => r.UserId == user.Id)));
    }

    [Fact]
    public async Task Reminders_refuse_someone_elses_id_bad_days_an_unknown_product_and_a_guest()
    {
        var (owner, _) = await _app.SignedInCustomerAsync();
        var (intruder, _) = await _app.SignedInCustomerAsync();
        var citramon = await _app.ProductIdAsync("citramon-p-10");
        using var made = await owner.PostAsJsonAsync("/api/v1/me/reminders", new { productId = citramon, everyDays = 30 });
        var id = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        using var othersDelete = await intruder.DeleteAsync($"/api/v1/me/reminders/{id}");
        var othersList = await intruder.GetFromJsonAsync<JsonElement>("/api/v1/me/reminders");
        using var zero = await owner.PostAsJsonAsync("/api/v1/me/reminders", new { productId = citramon, everyDays = 0 });
        using var tooMany = await owner.PostAsJsonAsync("/api/v1/me/reminders", new { productId = citramon, everyDays = 366 });
        using var english = new HttpRequestMessage(HttpMethod.Post, "/api/v1/me/reminders") { Content = JsonContent.Create(new { productId = citramon, everyDays = 400 }) };
        english.Headers.AcceptLanguage.ParseAdd("en");
        using var inEnglish = await owner.SendAsync(english);
        using var unknown = await owner.PostAsJsonAsync("/api/v1/me/reminders", new { productId = 987_654_321, everyDays = 30 });
        using var guest = await _app.CreateClient().PostAsJsonAsync("/api/v1/me/reminders", new { productId = citramon, everyDays = 30 });
        using var guestDelete = await _app.CreateClient().DeleteAsync($"/api/v1/me/reminders/{id}");

        Assert.Equal(HttpStatusCode.NotFound, othersDelete.StatusCode);
        Assert.Equal("reminder.notFound", (await othersDelete.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Empty(othersList.EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.Equal("1 dan 365 gacha bo‘lsin.", (await zero.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("everyDays")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("Between 1 and 365.", (await inEnglish.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("everyDays")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, guest.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, guestDelete.StatusCode);
        var kept = await _app.QueryAsync(db => db.RefillReminders.SingleAsync(r => r.Id == id));
        Assert.Equal(30, kept.EveryDays);
    }

    [Fact]
    public async Task The_job_reminds_once_on_the_Tashkent_day_in_the_customers_language_and_moves_the_date_on()
    {
        var (browser, user) = await _app.SignedInCustomerAsync();
        var (russian, russianUser) = await _app.SignedInCustomerAsync();
        await _app.QueryAsync(db => db.Users.Where(u => u.Id == russianUser.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PreferredCulture, "ru")));
        var citramon = await _app.ProductIdAsync("citramon-p-10");
        using var made = await browser.PostAsJsonAsync("/api/v1/me/reminders", new { productId = citramon, everyDays = 10, quantity = 2 });
        using var madeRu = await russian.PostAsJsonAsync("/api/v1/me/reminders", new { productId = citramon, everyDays = 10 });
        var id = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var due = await _app.QueryAsync(db => db.RefillReminders.Where(r => r.Id == id).Select(r => r.NextDueOn).SingleAsync());

        // 23:59 the evening before in Tashkent is 18:59 UTC; the day starts at 19:00 UTC.
        await SendDueAsync(Tashkent.StartUtc(due).AddMinutes(-1));
        var toldTheEveBefore = await NotificationsAsync(user.Id, id);
        // Two runs at once (two instances), then a later run the same day: the due date is claimed once.
        await Task.WhenAll(SendDueAsync(Tashkent.StartUtc(due).AddMinutes(1)), SendDueAsync(Tashkent.StartUtc(due).AddMinutes(1)));
        await SendDueAsync(Tashkent.StartUtc(due).AddHours(20));

        Assert.Empty(toldTheEveBefore);
        var told = Assert.Single(await NotificationsAsync(user.Id, id));
        Assert.Equal("«Citramon P» tugayapti — to‘ldirish vaqti", told.Title);
        var toldRu = Assert.Single(await _app.QueryAsync(db => db.Notifications.Where(n => n.UserId == russianUser.Id && n.Link!.StartsWith("/reminders/")).ToListAsync()));
        Assert.Equal("«Цитрамон П» заканчивается — пора пополнить", toldRu.Title);
        Assert.Equal(1, await _app.QueryAsync(db => db.OutboxMessages.CountAsync(m => m.Recipient == user.PhoneNumber && m.Body.Contains("Citramon P"))));
        var moved = await _app.QueryAsync(db => db.RefillReminders.SingleAsync(r => r.Id == id));
        Assert.Equal(due.AddDays(10), moved.NextDueOn);
        Assert.Equal(due, moved.LastRemindedOn);
        Assert.Equal(due.AddDays(10), DateOnly.Parse((await browser.GetFromJsonAsync<JsonElement>("/api/v1/me/reminders"))[0].GetProperty("nextOn").GetString()!,
            System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_date_missed_while_nothing_ran_moves_to_the_first_day_after_today()
    {
        var due = new DateOnly(2026, 1, 1);

        Assert.Equal(new DateOnly(2026, 1, 31), RefillReminderService.NextAfter(due, 30, new DateOnly(2026, 1, 1)));
        Assert.Equal(new DateOnly(2026, 3, 2), RefillReminderService.NextAfter(due, 30, new DateOnly(2026, 2, 20)));
        Assert.Equal(new DateOnly(2026, 3, 2), RefillReminderService.NextAfter(due, 30, new DateOnly(2026, 1, 31)));
    }

    [Fact]
    public async Task The_refill_page_puts_the_reminded_quantity_in_the_cart_for_its_owner_only()
    {
        var (owner, user) = await _app.SignedInCustomerAsync();
        var (intruder, intruderUser) = await _app.SignedInCustomerAsync();
        var citramon = await _app.ProductIdAsync("citramon-p-10");
        using var made = await owner.PostAsJsonAsync("/api/v1/me/reminders", new { productId = citramon, everyDays = 30, quantity = 2 });
        var id = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var url = $"/reminders/{id}/refill";

        var page = await owner.GetPageAsync(url);
        var cartBefore = await CartQuantityAsync(user.Id, citramon);
        using var refilled = await owner.SubmitAsync(page, url, url + "/cart", new Dictionary<string, string>());
        using var othersPage = await intruder.GetAsync(url);
        using var othersPost = await intruder.PostAsync(url + "/cart", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = await intruder.TokenAsync() }));
        using var guest = await _app.Browser().GetAsync(url);

        Assert.Contains("Citramon P", page.QuerySelector("main h2")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("3 500", page.QuerySelector("main .dx-price")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, cartBefore);
        Assert.Equal(HttpStatusCode.Redirect, refilled.StatusCode);
        Assert.StartsWith("/cart?", refilled.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
        Assert.Equal(2, await CartQuantityAsync(user.Id, citramon));
        Assert.Equal(HttpStatusCode.NotFound, othersPage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, othersPost.StatusCode);
        Assert.Equal(0, await CartQuantityAsync(intruderUser.Id, citramon));
        Assert.Equal(HttpStatusCode.Redirect, guest.StatusCode);
    }

    [Fact]
    public async Task The_refill_page_of_a_sold_out_medicine_says_so_and_offers_no_button()
    {
        var (owner, _) = await _app.SignedInCustomerAsync();
        var spazmonet = await _app.ProductIdAsync("spazmonet-40-20");
        using var made = await owner.PostAsJsonAsync("/api/v1/me/reminders", new { productId = spazmonet, everyDays = 30 });
        var id = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var page = await owner.GetPageAsync($"/reminders/{id}/refill");

        Assert.Contains("hech bir filialda qolmagan", page.QuerySelector("#refill-state")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector($"form[action='/reminders/{id}/refill/cart']"));
    }

    [Fact]
    public async Task The_product_page_form_makes_a_reminder_the_list_shows_its_date_and_deletes_it_without_script()
    {
        var (browser, user) = await _app.SignedInCustomerAsync();
        var guestPage = await _app.Browser().GetPageAsync("/product/citramon-p-10");

        using var bad = await browser.SubmitAsync("/product/citramon-p-10", "/product/citramon-p-10/reminder", new Dictionary<string, string> { ["everyDays"] = "0" });
        var badPage = await browser.GetPageAsync(bad.Headers.Location!.PathAndQuery());
        using var ask = await browser.SubmitAsync("/product/citramon-p-10", "/product/citramon-p-10/reminder", new Dictionary<string, string> { ["everyDays"] = "20" });
        var asked = await browser.GetPageAsync(ask.Headers.Location!.PathAndQuery());
        var list = await browser.GetPageAsync("/reminders");
        var reminder = await _app.QueryAsync(db => db.RefillReminders.SingleAsync(r => r.UserId == user.Id));
        using var delete = await browser.SubmitAsync(list, "/reminders", $"/reminders/{reminder.Id}/delete", new Dictionary<string, string>());
        var empty = await browser.GetPageAsync(delete.Headers.Location!.PathAndQuery());

        Assert.Equal("/account/login?returnUrl=%2Fproduct%2Fcitramon-p-10", guestPage.QuerySelector("#refill-reminder a")!.GetAttribute("href"));
        Assert.NotNull(badPage.QuerySelector("#refill-reminder [role=alert]"));
        Assert.Equal("0", badPage.QuerySelector("#refill-reminder input[name=everyDays]")!.GetAttribute("value")); // what was typed stays
        Assert.Equal("refill-reminder-error", badPage.QuerySelector("#refill-reminder input[name=everyDays]")!.GetAttribute("aria-describedby"));
        Assert.StartsWith("/product/citramon-p-10?reminder=on", ask.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
        Assert.Equal(20, reminder.EveryDays);
        var next = reminder.NextDueOn.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(next, asked.QuerySelector("#refill-reminder [role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(next, list.QuerySelector($"[data-reminder-id='{reminder.Id}'] [data-next]")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.RefillReminders.CountAsync(r => r.UserId == user.Id)));
        Assert.Contains("Eslatmalar yo‘q", empty.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    private async Task<int> SendDueAsync(DateTime utcNow)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var clock = new ManualClock(new DateTimeOffset(utcNow, TimeSpan.Zero));
        var db = sp.GetRequiredService<DorixonaDbContext>();
        return await new RefillReminderService(db, new NotificationService(db, clock, sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Dorixona.Core.Notifications.EmailOptions>>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Dorixona.Core.Notifications.TelegramOptions>>()), clock, NullLogger<RefillReminderService>.Instance).SendDueAsync();
    }

    private Task<List<Notification>> NotificationsAsync(Guid userId, long reminderId) =>
        _app.QueryAsync(db => db.Notifications.Where(n => n.UserId == userId && n.Link == $"/reminders/{reminderId}/refill").ToListAsync());

    private Task<int> CartQuantityAsync(Guid userId, int productId) =>
        _app.QueryAsync(db => db.CartItems.Where(c => c.UserId == userId && c.ProductId == productId).SumAsync(c => c.Quantity));
}
