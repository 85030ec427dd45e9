using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dorixona.Core.Notifications;
using Dorixona.Tests.Infrastructure;
using Dorixona.Tests.Web.Admin;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Web.Notifications;

/// <summary>A host with the Telegram channel pointed at a local fake Bot API.</summary>
public abstract class ChannelsWebApp(DatabaseFixture database) : IAsyncLifetime
{
    public FakeTelegram Telegram { get; private set; } = null!;
    public AppFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        Telegram = await FakeTelegram.StartAsync();
        App = new AppFactory(database.Provider, database.ConnectionString, Telegram.Settings().ToDictionary(s => s.Key, s => s.Value));
        _ = App.Server;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Telegram.DisposeAsync();
        await database.DisposeAsync();
    }
}

public sealed class SqliteChannelsWebApp() : ChannelsWebApp(new SqliteDatabase());

public sealed class PostgresChannelsWebApp() : ChannelsWebApp(new PostgresDatabase());

/// <summary><c>/api/v1/me/notification-preferences</c>, Telegram linking through the webhook, and <c>/api/v1/admin/broadcasts</c> (decision 0061).</summary>
public abstract class ChannelsWebTests(ChannelsWebApp web)
{
    public sealed class OnSqlite(SqliteChannelsWebApp web) : ChannelsWebTests(web), IClassFixture<SqliteChannelsWebApp>;

    public sealed class OnPostgres(PostgresChannelsWebApp web) : ChannelsWebTests(web), IClassFixture<PostgresChannelsWebApp>;

    private readonly AppFactory _app = web.App;

    [Fact]
    public async Task Preferences_show_every_kind_with_in_app_always_on_and_save_a_change_with_the_e_mail()
    {
        var (client, _) = await CustomerAsync();

        var before = await (await client.GetAsync("/api/v1/me/notification-preferences")).JsonAsync();
        var kinds = before.GetProperty("kinds");
        Assert.Equal(["orderStatus", "payment", "prescription", "delivery", "reminders", "backInStock", "news"], kinds.EnumerateObject().Select(p => p.Name));
        Assert.All(kinds.EnumerateObject(), k => Assert.True(k.Value.GetProperty("inApp").GetBoolean()));
        Assert.True(kinds.GetProperty("orderStatus").GetProperty("sms").GetBoolean());
        Assert.False(kinds.GetProperty("news").GetProperty("sms").GetBoolean());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("email").ValueKind);
        Assert.False(before.GetProperty("telegramLinked").GetBoolean());
        Assert.True(before.GetProperty("available").GetProperty("telegram").GetBoolean());

        using var put = await client.PutAsJsonAsync("/api/v1/me/notification-preferences",
            new { kinds = new { delivery = new { sms = false }, news = new { telegram = true } }, email = "dilnoza@example.uz" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var after = await (await client.GetAsync("/api/v1/me/notification-preferences")).JsonAsync();
        Assert.False(after.GetProperty("kinds").GetProperty("delivery").GetProperty("sms").GetBoolean());
        Assert.True(after.GetProperty("kinds").GetProperty("delivery").GetProperty("email").GetBoolean());
        Assert.True(after.GetProperty("kinds").GetProperty("news").GetProperty("telegram").GetBoolean());
        Assert.Equal("dilnoza@example.uz", after.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Unknown_kinds_channels_and_a_bad_e_mail_are_refused_with_field_errors()
    {
        var (client, _) = await CustomerAsync();

        using var refused = await client.PutAsJsonAsync("/api/v1/me/notification-preferences",
            new { kinds = new Dictionary<string, object> { ["horoscope"] = new { sms = true }, ["payment"] = new { fax = true } }, email = "nope" });
        using var wrongType = await client.PutAsJsonAsync("/api/v1/me/notification-preferences", new { kinds = new { payment = new { sms = "yes" } } });
        using var anonymous = await _app.CreateClient().GetAsync("/api/v1/me/notification-preferences");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.JsonAsync()).GetProperty("errors");
        Assert.Equal(new[] { "kinds.horoscope", "kinds.payment.fax", "email" }.Order(), errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var unchanged = await (await client.GetAsync("/api/v1/me/notification-preferences")).JsonAsync();
        Assert.True(unchanged.GetProperty("kinds").GetProperty("payment").GetProperty("sms").GetBoolean());
        Assert.Equal(JsonValueKind.Null, unchanged.GetProperty("email").ValueKind);
    }

    [Fact]
    public async Task The_bot_webhook_links_a_chat_by_start_code_only_with_the_secret_header()
    {
        var (client, user) = await CustomerAsync();
        using var link = await client.PostAsync("/api/v1/me/telegram-link", null);
        Assert.Equal(HttpStatusCode.OK, link.StatusCode);
        var url = (await link.JsonAsync()).GetProperty("url").GetString()!;
        var code = url[(url.IndexOf('=') + 1)..];

        using var forged = await WebhookAsync("wrong-secret", 930001, "/start " + code);
        using var missing = await WebhookAsync(null, 930001, "/start " + code);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (forged.StatusCode, missing.StatusCode));
        Assert.False((await (await client.GetAsync("/api/v1/me/notification-preferences")).JsonAsync()).GetProperty("telegramLinked").GetBoolean());

        using var real = await WebhookAsync(FakeTelegram.WebhookSecret, 930001, "/start " + code);
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
        Assert.True((await (await client.GetAsync("/api/v1/me/notification-preferences")).JsonAsync()).GetProperty("telegramLinked").GetBoolean());
        Assert.Equal(930001, await _app.QueryAsync(db => db.TelegramLinks.Where(t => t.UserId == user).Select(t => t.ChatId).SingleAsync()));

        using var unlink = await client.DeleteAsync("/api/v1/me/telegram-link");
        Assert.Equal(HttpStatusCode.NoContent, unlink.StatusCode);
        Assert.False(await _app.QueryAsync(db => db.TelegramLinks.AnyAsync(t => t.UserId == user)));
    }

    [Fact]
    public async Task Only_admins_create_and_list_broadcasts()
    {
        var (customer, _) = await CustomerAsync();
        var body = new { titleUz = "Yangilik", bodyUz = "Matn", segment = "allCustomers" };

        using var refused = await customer.PostAsJsonAsync("/api/v1/admin/broadcasts", body);
        using var refusedList = await customer.GetAsync("/api/v1/admin/broadcasts");
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (refused.StatusCode, refusedList.StatusCode));

        var admin = await _app.AdminApiAsync();
        using var invalid = await admin.PostAsJsonAsync("/api/v1/admin/broadcasts", new { titleUz = "", bodyUz = "Matn", segment = "everyone" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        using var created = await admin.PostAsJsonAsync("/api/v1/admin/broadcasts", body);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var view = await created.JsonAsync();
        Assert.Equal(("sending", "allCustomers"), (view.GetProperty("status").GetString(), view.GetProperty("segment").GetString()));
        Assert.True(view.GetProperty("recipients").GetInt32() > 0);
        var list = await (await admin.GetAsync("/api/v1/admin/broadcasts")).JsonAsync();
        Assert.Contains(list.EnumerateArray(), b => b.GetProperty("id").GetInt64() == view.GetProperty("id").GetInt64());
    }

    private async Task<(HttpClient Client, Guid UserId)> CustomerAsync()
    {
        var user = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System);
        var client = _app.CreateClient();
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { phone = user.PhoneNumber, password = "secret123" });
        Assert.True(login.IsSuccessStatusCode, $"login answered {(int)login.StatusCode}");
        var token = (await login.JsonAsync()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (client, user.Id);
    }

    private async Task<HttpResponseMessage> WebhookAsync(string? secret, long chatId, string text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/telegram/webhook")
        {
            Content = JsonContent.Create(new
            {
                update_id = 1,
                message = new
                {
                    message_id = 1, date = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), text,
                    chat = new { id = chatId, type = "private", first_name = "Dilnoza" },
                    from = new { id = chatId, is_bot = false, first_name = "Dilnoza", language_code = "uz" },
                },
            }),
        };
        if (secret is not null) request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        return await _app.CreateClient().SendAsync(request);
    }
}
