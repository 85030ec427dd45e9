using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dorixona.Core.Audit;
using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Core.Notifications;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments;
using Dorixona.Core.Prescriptions;
using Dorixona.Core.Privacy;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Infrastructure;
using Dorixona.Tests.Web.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web.Privacy;

/// <summary>Consent at registration, the export of one's data and the deletion of one's account, through the real host (decision 0057).</summary>
public abstract class DataRightsWebTests(WebAppFixture web) : IAsyncLifetime
{
    public sealed class OnSqlite(SqliteWebApp web) : DataRightsWebTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : DataRightsWebTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;

    public Task InitializeAsync() => TestCatalog.EnsureAsync(_app.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Registration_without_consent_is_refused_with_a_field_error_and_texts_nobody()
    {
        var phone = TestPhones.Next();
        var before = await _app.UserCountAsync();

        using var refused = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new { phone, fullName = "Nodira Xasanova", password = "secret123" });
        using var declined = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new { phone, fullName = "Nodira Xasanova", password = "secret123", acceptTerms = false });

        foreach (var response in new[] { refused, declined })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(1, problem.GetProperty("errors").GetProperty("acceptTerms").GetArrayLength());
            Assert.Contains(problem.GetProperty("codes").EnumerateArray(), c => c.GetProperty("field").GetString() == "acceptTerms" && c.GetProperty("code").GetString() == "terms.required");
        }
        Assert.Equal(before, await _app.UserCountAsync());
        Assert.Equal(0, await _app.QueryAsync(db => db.OutboxMessages.CountAsync(m => m.Recipient == phone)));
        Assert.Equal(0, await _app.QueryAsync(db => db.OneTimeCodes.CountAsync(c => c.Phone == phone)));
    }

    [Fact]
    public async Task Registration_stores_the_accepted_versions_and_when()
    {
        var phone = TestPhones.Next();

        using var accepted = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new { phone, fullName = "Nodira Xasanova", password = "secret123", acceptTerms = true });

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var user = await _app.QueryAsync(db => db.Users.SingleAsync(u => u.PhoneNumber == phone));
        var legal = new LegalOptions();
        Assert.Equal(legal.TermsVersion, user.AcceptedTermsVersion);
        Assert.Equal(legal.PrivacyVersion, user.AcceptedPrivacyVersion);
        Assert.True(user.TermsAcceptedAt > DateTime.UtcNow.AddMinutes(-5));
        SmsCode.In(await _app.LastSmsToAsync(phone));
    }

    [Fact]
    public async Task The_export_holds_everything_about_the_caller_and_nothing_about_anybody_else()
    {
        var (mine, me) = await _app.SignedInCustomerAsync();
        var (theirs, other) = await _app.SignedInCustomerAsync();
        var myOrder = await mine.PlaceOrderAsync(await _app.ProductIdAsync("citramon-p-10"), 2);
        var theirOrder = await theirs.PlaceOrderAsync(await _app.ProductIdAsync("citramon-p-10"), 1);
        await PaidInCashAsync(myOrder.GetProperty("id").GetInt64());
        await NotifyAsync(me.Id, "Buyurtmangiz qabul qilindi");
        await NotifyAsync(other.Id, "Boshqa odamning xabari");
        using var alert = await mine.PostAsync("/api/v1/products/spazmonet-40-20/stock-alerts", null);
        var citramon = await _app.ProductIdAsync("citramon-p-10");
        using var favourite = await mine.PostAsJsonAsync("/api/v1/me/favourites", new { productId = citramon });
        using var reminder = await mine.PostAsJsonAsync("/api/v1/me/reminders", new { productId = citramon, everyDays = 30, quantity = 2 });
        using var theirFavourite = await theirs.PostAsJsonAsync("/api/v1/me/favourites", new { productId = await _app.ProductIdAsync("spazmonet-40-20") });

        using var response = await mine.GetAsync("/api/v1/me/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var data = JsonDocument.Parse(text).RootElement;
        Assert.Equal(me.PhoneNumber, data.GetProperty("profile").GetProperty("phone").GetString());
        var order = Assert.Single(data.GetProperty("orders").EnumerateArray());
        Assert.Equal(myOrder.GetProperty("number").GetString(), order.GetProperty("number").GetString());
        Assert.Equal(2, Assert.Single(order.GetProperty("lines").EnumerateArray()).GetProperty("quantity").GetInt32());
        Assert.Equal("succeeded", Assert.Single(order.GetProperty("payments").EnumerateArray()).GetProperty("state").GetString());
        Assert.Equal("Bunyodkor", Assert.Single(data.GetProperty("addresses").EnumerateArray()).GetProperty("street").GetString());
        Assert.NotEmpty(data.GetProperty("signIns").EnumerateArray());
        Assert.Contains(data.GetProperty("notifications").EnumerateArray(), n => n.GetProperty("title").GetString() == "Buyurtmangiz qabul qilindi");
        Assert.Equal(HttpStatusCode.Created, alert.StatusCode);
        Assert.Equal("Spazmonet 40 mg", Assert.Single(data.GetProperty("stockAlerts").EnumerateArray()).GetProperty("productName").GetString());
        Assert.Equal(HttpStatusCode.Created, favourite.StatusCode);
        Assert.Equal(HttpStatusCode.Created, theirFavourite.StatusCode);
        Assert.StartsWith("Citramon", Assert.Single(data.GetProperty("favourites").EnumerateArray()).GetProperty("productName").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, reminder.StatusCode);
        var exported = Assert.Single(data.GetProperty("reminders").EnumerateArray());
        Assert.Equal(30, exported.GetProperty("everyDays").GetInt32());
        Assert.Equal(2, exported.GetProperty("quantity").GetInt32());
        Assert.True(data.TryGetProperty("preferences", out _));
        Assert.True(data.TryGetProperty("prescriptions", out _));
        Assert.DoesNotContain(other.PhoneNumber!, text, StringComparison.Ordinal);
        Assert.DoesNotContain(theirOrder.GetProperty("number").GetString()!, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Boshqa odamning xabari", text, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());

        using var anonymous = await _app.CreateClient().GetAsync("/api/v1/me/export");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_zip_export_has_one_csv_per_kind_with_formulas_made_harmless()
    {
        var (browser, _) = await _app.SignedInCustomerAsync();
        var order = await browser.PlaceOrderAsync(await _app.ProductIdAsync("citramon-p-10"), 1);
        var id = order.GetProperty("id").GetInt64();
        await _app.QueryAsync(db => db.Orders.Where(o => o.Id == id).ExecuteUpdateAsync(s => s.SetProperty(o => o.Note, "=HYPERLINK(\"http://x\")")));
        using var reminder = await browser.PostAsJsonAsync("/api/v1/me/reminders", new { productId = await _app.ProductIdAsync("citramon-p-10"), everyDays = 28 });

        using var response = await browser.GetAsync("/api/v1/me/export.zip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        Assert.Subset(zip.Entries.Select(e => e.Name).ToHashSet(),
            new HashSet<string> { "profile.csv", "preferences.csv", "addresses.csv", "sign-ins.csv", "orders.csv", "order-lines.csv", "payments.csv",
                "prescriptions.csv", "prescription-files.csv", "notifications.csv", "stock-alerts.csv",
                "favourites.csv", "reminders.csv" });
        using var reader = new StreamReader(zip.GetEntry("orders.csv")!.Open());
        var orders = await reader.ReadToEndAsync();
        Assert.StartsWith("Number,Status,", orders.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains(order.GetProperty("number").GetString()!, orders, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", orders, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=HYPERLINK", orders, StringComparison.Ordinal);
        using var remindersCsv = new StreamReader(zip.GetEntry("reminders.csv")!.Open());
        var reminders = (await remindersCsv.ReadToEndAsync()).TrimStart('\uFEFF');
        Assert.StartsWith("ProductName,EveryDays,Quantity,NextDueOn,", reminders, StringComparison.Ordinal);
        Assert.Contains(",28,1,", reminders, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_or_code_deletes_nothing()
    {
        var (browser, user) = await _app.SignedInCustomerAsync();
        await browser.PlaceOrderAsync(await _app.ProductIdAsync("citramon-p-10"), 1);
        await DeliveredAsync(user.Id);
        using var sent = await browser.PostAsync("/api/v1/me/deletion-code", null);
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var code = SmsCode.In(await _app.LastSmsToAsync(user.PhoneNumber!));

        using var wrongPassword = await DeleteAsync(browser, new { password = "not-my-password" });
        using var wrongCode = await DeleteAsync(browser, new { code = SmsCode.Wrong(code) });
        using var nothing = await DeleteAsync(browser, new { });

        Assert.Equal(HttpStatusCode.BadRequest, wrongPassword.StatusCode);
        Assert.Equal("account.passwordWrong", await CodeAsync(wrongPassword, "password"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongCode.StatusCode);
        Assert.Equal("otp.invalid", await CodeAsync(wrongCode, "code"));
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.Equal("account.deleteProofRequired", await CodeAsync(nothing, null));
        var still = await _app.QueryAsync(db => db.Users.SingleAsync(u => u.Id == user.Id));
        Assert.Equal(user.PhoneNumber, still.PhoneNumber);
        Assert.Null(still.ErasedAt);
        Assert.Equal(1, await _app.QueryAsync(db => db.SavedAddresses.CountAsync(a => a.UserId == user.Id)));
        Assert.Equal(0, await _app.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.AccountDelete && e.EntityId == user.Id.ToString())));
        using var me = await browser.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task Deletion_is_refused_with_409_while_an_order_is_on_its_way()
    {
        var (browser, user) = await _app.SignedInCustomerAsync();
        var order = await browser.PlaceOrderAsync(await _app.ProductIdAsync("citramon-p-10"), 1);
        var id = order.GetProperty("id").GetInt64();
        await _app.QueryAsync(db => db.Orders.Where(o => o.Id == id).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.OutForDelivery)));

        using var refused = await DeleteAsync(browser, new { password = "secret123" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("account.orderInProgress", problem.GetProperty("codes")[0].GetProperty("code").GetString());
        Assert.Contains(order.GetProperty("number").GetString()!, problem.GetProperty("errors").GetProperty("")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(user.PhoneNumber, await _app.QueryAsync(db => db.Orders.Where(o => o.Id == id).Select(o => o.ContactPhone).SingleAsync()));
        Assert.Null(await _app.QueryAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.ErasedAt).SingleAsync()));
    }

    [Fact]
    public async Task Deletion_keeps_orders_anonymised_removes_the_rest_signs_out_everywhere_and_frees_the_phone()
    {
        var (browser, user) = await _app.SignedInCustomerAsync();
        var phone = user.PhoneNumber!;
        var order = await browser.PlaceOrderAsync(await _app.ProductIdAsync("citramon-p-10"), 2);
        var orderId = order.GetProperty("id").GetInt64();
        await PaidInCashAsync(orderId);
        await DeliveredAsync(user.Id);
        await NotifyAsync(user.Id, "Buyurtma yetkazildi");
        var file = await PrescriptionWithFileAsync(user.Id);
        using var alert = await browser.PostAsync("/api/v1/products/spazmonet-40-20/stock-alerts", null);
        var citramon = await _app.ProductIdAsync("citramon-p-10");
        using var favourite = await browser.PostAsJsonAsync("/api/v1/me/favourites", new { productId = citramon });
        using var reminder = await browser.PostAsJsonAsync("/api/v1/me/reminders", new { productId = citramon, everyDays = 30 });
        var other = await _app.SignedInCustomerAsync();
        using var api = _app.CreateClient();
        using var tokens = await api.PostAsJsonAsync("/api/v1/auth/login", new { phone, password = "secret123" });
        var refresh = (await tokens.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refreshToken").GetString();

        using var sent = await browser.PostAsync("/api/v1/me/deletion-code", null);
        var code = SmsCode.In(await _app.LastSmsToAsync(phone));
        using var deleted = await DeleteAsync(browser, new { code });

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var afterwards = await browser.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, afterwards.StatusCode);
        using var refreshed = await api.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = refresh });
        Assert.Equal(HttpStatusCode.Unauthorized, refreshed.StatusCode);

        var row = await _app.QueryAsync(db => db.Users.IgnoreQueryFilters().SingleAsync(u => u.Id == user.Id));
        Assert.Null(row.PhoneNumber);
        Assert.Equal(AccountDeletion.Marker, row.FullName);
        Assert.NotNull(row.ErasedAt);
        Assert.Null(row.PasswordHash);
        Assert.DoesNotContain(phone, row.UserName!, StringComparison.Ordinal);
        var kept = await _app.QueryAsync(db => db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == orderId));
        Assert.Equal(AccountDeletion.Marker, kept.ContactPhone);
        Assert.Equal(AccountDeletion.Marker, kept.Address!.Street);
        Assert.Null(kept.Address.Apartment);
        Assert.Null(kept.Note);
        Assert.Equal(2, Assert.Single(kept.Lines).Quantity);
        Assert.Equal(1, await _app.QueryAsync(db => db.Payments.CountAsync(p => p.OrderId == orderId)));
        Assert.Equal(0, await _app.QueryAsync(db => db.SavedAddresses.CountAsync(a => a.UserId == user.Id)));
        Assert.Equal(0, await _app.QueryAsync(db => db.Notifications.CountAsync(n => n.UserId == user.Id)));
        Assert.Equal(HttpStatusCode.Created, alert.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.StockAlerts.CountAsync(a => a.UserId == user.Id)));
        Assert.Equal(HttpStatusCode.Created, favourite.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.Favourites.CountAsync(f => f.UserId == user.Id)));
        Assert.Equal(HttpStatusCode.Created, reminder.StatusCode);
        Assert.Equal(0, await _app.QueryAsync(db => db.RefillReminders.CountAsync(r => r.UserId == user.Id)));
        Assert.Equal(0, await _app.QueryAsync(db => db.LoginEvents.CountAsync(e => e.UserId == user.Id)));
        Assert.Equal(0, await _app.QueryAsync(db => db.PrescriptionFiles.CountAsync(f => f.FileName == file)));
        Assert.Null(await _app.Services.GetRequiredService<IFileStore>().OpenReadAsync(PrescriptionUploads.PathOf(file)));
        Assert.Equal(0, await _app.QueryAsync(db => db.OutboxMessages.CountAsync(m => m.Recipient == phone)));
        var audit = await _app.QueryAsync(db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.AccountDelete && e.EntityId == user.Id.ToString()));
        Assert.Equal(user.Id, audit.ActorId);
        Assert.DoesNotContain(phone[4..], audit.ActorDisplay + audit.Summary + audit.After, StringComparison.Ordinal);
        Assert.DoesNotContain("Test Customer", audit.ActorDisplay + audit.Summary, StringComparison.Ordinal);
        // Somebody else's account is untouched.
        Assert.NotNull(await _app.QueryAsync(db => db.Users.Where(u => u.Id == other.User.Id).Select(u => u.PhoneNumber).SingleAsync()));

        using var again = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new { phone, fullName = "Yangi Egasi", password = "secret456", acceptTerms = true });
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var verifyCode = SmsCode.In(await _app.LastSmsToAsync(phone));
        using var verified = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/verify", new { phone, code = verifyCode });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
    }

    [Fact]
    public async Task Staff_cannot_delete_their_account_here()
    {
        var browser = await _app.SignedInAsync("+998900000002");

        using var refused = await DeleteAsync(browser, new { password = "Demo12345" });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("+998900000002", await _app.QueryAsync(db => db.Users.Where(u => u.UserName == "+998900000002").Select(u => u.PhoneNumber).SingleAsync()));
    }

    [Fact]
    public async Task The_register_page_refuses_without_the_consent_box_and_keeps_what_was_typed()
    {
        var phone = TestPhones.Next();
        var before = await _app.UserCountAsync();

        using var response = await _app.Browser().SubmitAsync("/account/register", "register", new Dictionary<string, string>
        {
            ["Input.Phone"] = phone, ["Input.FullName"] = "Otabek Saidov", ["Input.Password"] = "secret123",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = HtmlForms.Parse(await response.Content.ReadAsStringAsync());
        var box = page.GetElementById("acceptTerms")!;
        Assert.Equal("checkbox", box.GetAttribute("type"));
        Assert.Contains("is-invalid", box.ClassName, StringComparison.Ordinal);
        Assert.Contains("rozilik bildiring", page.GetElementById("acceptTerms-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(phone, page.GetElementById("phone")!.GetAttribute("value"));
        Assert.Equal("Otabek Saidov", page.GetElementById("fullName")!.GetAttribute("value"));
        var links = page.QuerySelectorAll("label[for=acceptTerms] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/terms", "/privacy"], links);
        Assert.Equal(before, await _app.UserCountAsync());
        Assert.Equal(0, await _app.QueryAsync(db => db.OutboxMessages.CountAsync(m => m.Recipient == phone)));
    }

    [Fact]
    public async Task Privacy_and_terms_speak_three_languages_show_their_version_and_are_in_the_footer()
    {
        var browser = _app.Browser();

        var home = await browser.GetPageAsync("/");
        var privacyUz = await browser.GetPageAsync("/privacy");
        var termsUz = await browser.GetPageAsync("/terms");
        using (await browser.SubmitAsync("/privacy", "/culture", new Dictionary<string, string> { ["culture"] = "ru", ["returnUrl"] = "/privacy" })) { }
        var termsRu = await browser.GetPageAsync("/terms");
        using (await browser.SubmitAsync("/privacy", "/culture", new Dictionary<string, string> { ["culture"] = "en", ["returnUrl"] = "/privacy" })) { }
        var privacyEn = await browser.GetPageAsync("/privacy");

        Assert.NotNull(home.QuerySelector("footer a[href='/privacy']"));
        Assert.NotNull(home.QuerySelector("footer a[href='/terms']"));
        Assert.Equal("Maxfiylik siyosati", privacyUz.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("Sotish shartlari", termsUz.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("Условия продажи", termsRu.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("Privacy policy", privacyEn.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(new LegalOptions().PrivacyVersion, privacyEn.QuerySelector("[data-version]")!.GetAttribute("data-version"));
        Assert.Equal(10, privacyEn.QuerySelectorAll("article section h2").Length);
        Assert.Contains(termsRu.QuerySelectorAll("article li"), li => li.TextContent.Contains("рецепт", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_profile_page_offers_the_export_and_deletes_the_account_only_once_confirmed()
    {
        var (browser, user) = await _app.SignedInCustomerAsync();
        var staff = await _app.SignedInAsync("+998900000002");

        var profile = await browser.GetPageAsync("/account/profile");
        var staffProfile = await staff.GetPageAsync("/account/profile");
        Assert.NotNull(profile.QuerySelector("a[href='/api/v1/me/export.zip']"));
        Assert.NotNull(staffProfile.QuerySelector("a[href='/api/v1/me/export.zip']"));
        Assert.Null(staffProfile.GetElementById("delete-account"));

        using var unconfirmed = await browser.SubmitAsync("/account/profile", "delete-account", new Dictionary<string, string> { ["Input.Password"] = "secret123" });
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        var again = HtmlForms.Parse(await unconfirmed.Content.ReadAsStringAsync());
        Assert.Contains("is-invalid", again.GetElementById("deleteConfirm")!.ClassName, StringComparison.Ordinal);
        Assert.Null(await _app.QueryAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.ErasedAt).SingleAsync()));

        using var confirmed = await browser.SubmitAsync("/account/profile", "delete-account", new Dictionary<string, string>
        {
            ["Input.Password"] = "secret123", ["Input.Confirm"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal("/account/deleted", confirmed.Headers.Location!.PathAndQuery());
        Assert.NotNull(await _app.QueryAsync(db => db.Users.IgnoreQueryFilters().Where(u => u.Id == user.Id).Select(u => u.ErasedAt).SingleAsync()));
        var deletedPage = await browser.GetPageAsync("/account/deleted");
        Assert.Equal("Hisobingiz o‘chirildi", deletedPage.QuerySelector("h1")!.TextContent.Trim());
        using var profileAfter = await browser.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.Redirect, profileAfter.StatusCode);
    }

    [Fact]
    public async Task The_profile_page_texts_a_deletion_code_that_deletes_the_account()
    {
        var (browser, user) = await _app.SignedInCustomerAsync();

        using var sent = await browser.SubmitAsync("/account/profile", "deletion-code", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal("/account/profile?codeSent=1#delete-account", sent.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal));
        var code = SmsCode.In(await _app.LastSmsToAsync(user.PhoneNumber!));
        using var wrong = await browser.SubmitAsync("/account/profile?codeSent=1", "delete-account", new Dictionary<string, string>
        {
            ["Input.Code"] = SmsCode.Wrong(code), ["Input.Confirm"] = "true",
        });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("is-invalid", HtmlForms.Parse(await wrong.Content.ReadAsStringAsync()).GetElementById("deleteCode")!.ClassName, StringComparison.Ordinal);
        using var deleted = await browser.SubmitAsync("/account/profile?codeSent=1", "delete-account", new Dictionary<string, string>
        {
            ["Input.Code"] = code, ["Input.Confirm"] = "true",
        });

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal("/account/deleted", deleted.Headers.Location!.PathAndQuery());
        Assert.Null(await _app.QueryAsync(db => db.Users.IgnoreQueryFilters().Where(u => u.Id == user.Id).Select(u => u.PhoneNumber).SingleAsync()));
    }

    private static async Task<HttpResponseMessage> DeleteAsync(HttpClient client, object body) =>
        await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/me") { Content = JsonContent.Create(body) });

    private static async Task<string?> CodeAsync(HttpResponseMessage response, string? field)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var code = Assert.Single(problem.GetProperty("codes").EnumerateArray());
        Assert.Equal(field, code.GetProperty("field").GetString());
        return code.GetProperty("code").GetString();
    }

    private Task<int> DeliveredAsync(Guid userId) =>
        _app.QueryAsync(db => db.Orders.Where(o => o.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Delivered)));

    private async Task PaidInCashAsync(long orderId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Dorixona.Core.Data.DorixonaDbContext>();
        var total = await db.Orders.Where(o => o.Id == orderId).Select(o => o.Total).SingleAsync();
        var now = DateTime.UtcNow;
        db.Payments.Add(new Payment
        {
            OrderId = orderId, Provider = PaymentProvider.Cash, Amount = total, State = PaymentState.Succeeded, IdempotencyKey = "cash",
            CreatedAt = now, UpdatedAt = now, PerformedAt = now,
        });
        await db.SaveChangesAsync();
    }

    private async Task NotifyAsync(Guid userId, string title)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Dorixona.Core.Data.DorixonaDbContext>();
        db.Notifications.Add(new Notification { UserId = userId, Title = title, Body = title, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    /// <summary>A pending prescription with one stored page; answers the page's file name.</summary>
    private async Task<string> PrescriptionWithFileAsync(Guid userId)
    {
        var name = Guid.NewGuid().ToString("N") + ".jpg";
        await _app.Services.GetRequiredService<IFileStore>().SaveAsync(PrescriptionUploads.PathOf(name), TestImages.Jpeg);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Dorixona.Core.Data.DorixonaDbContext>();
        var now = DateTime.UtcNow;
        db.Prescriptions.Add(new Prescription
        {
            UserId = userId, Status = PrescriptionStatus.Pending, Doctor = "Dr. Karimov", Note = "Bosh og‘rig‘i", CreatedAt = now, UpdatedAt = now,
            Files = [new PrescriptionFile { FileName = name, ContentType = "image/jpeg", Length = 10, SortOrder = 0 }],
        });
        await db.SaveChangesAsync();
        return name;
    }
}
