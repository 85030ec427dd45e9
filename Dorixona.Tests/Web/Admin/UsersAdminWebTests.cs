using System.Net;
using System.Net.Http.Json;
using Dorixona.Core.Audit;
using Dorixona.Core.Identity;
using Dorixona.Core.Notifications;
using Dorixona.Tests.Catalog;
using Dorixona.Tests.Infrastructure;
using Dorixona.Tests.Web.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web.Admin;

/// <summary>
/// The users admin and audit log through the real host: who may reach them, a role change and a disable as the
/// affected person notices them, the guards as the admin sees them, and the customer's own dashboard.
/// </summary>
public abstract class UsersAdminWebTests(WebAppFixture web) : IAsyncLifetime
{
    public sealed class OnSqlite(SqliteWebApp web) : UsersAdminWebTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : UsersAdminWebTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;

    public Task InitializeAsync() => TestCatalog.EnsureAsync(_app.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string?> NotAdmins => new() { null, "+998900000002", "+998900000003", "+998900000004" };

    [Theory]
    [MemberData(nameof(NotAdmins))]
    public async Task Nobody_but_an_admin_reaches_the_users_and_audit_pages_and_no_form_post_changes_a_user(string? phone)
    {
        var target = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System, "Target Person");
        var browser = phone is null ? _app.Browser() : await _app.SignedInBrowserAsync(phone);
        var expected = phone is null ? "/account/login" : "/account/access-denied";

        foreach (var page in new[] { "/admin/users", $"/admin/users/{target.Id}", "/admin/audit", "/admin/orders/1" })
        {
            using var response = await browser.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith(expected, response.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
        }
        // No form post changes a user any more: the pages do it in their circuit, as the signed-in admin (UsersPagesTests).
        var posts = _app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .Select(e => e.RoutePattern.RawText ?? "");
        Assert.DoesNotContain(posts, p => p.StartsWith("/admin/users", StringComparison.Ordinal)
            && (p.EndsWith("/role", StringComparison.Ordinal) || p.EndsWith("/disable", StringComparison.Ordinal) || p.EndsWith("/enable", StringComparison.Ordinal)));
        Assert.Equal([Roles.Customer], await RolesAsync(target.Id));
        Assert.Equal(0, await _app.QueryAsync(db => db.AuditEntries.CountAsync(e => e.EntityId == target.Id.ToString())));
    }

    [Fact]
    public async Task An_admin_makes_a_user_an_operator_their_session_ends_and_the_audit_log_shows_it()
    {
        var user = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System, "Promoted Person");
        var theirs = _app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await theirs.SignInAsync(user.PhoneNumber!, "secret123")).StatusCode);
        var admin = await _app.SignedInBrowserAsync();

        // The users page finds them and changes the role in its circuit (UsersPagesTests); here, what the person then notices.
        Assert.True((await ChangeAsync(async u => await u.ChangeRoleAsync(await AdminIdAsync(), user.Id, Roles.Operator))).Succeeded);

        var page = await admin.GetPageAsync($"/admin/users/{user.Id}");
        Assert.Equal("Operator", page.QuerySelector("#user-roles")!.TextContent.Trim());
        // The old session carried the old role: it ends, and signing in again opens the operator portal.
        using (var stale = await theirs.GetAsync("/account/profile"))
            Assert.StartsWith("/account/login", stale.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
        using var again = await theirs.SignInAsync(user.PhoneNumber!, "secret123");
        Assert.Equal("/operator", again.Headers.Location!.PathAndQuery());
        using (var portal = await theirs.GetAsync("/operator"))
            Assert.Equal(HttpStatusCode.OK, portal.StatusCode);

        // The audit page's filter (its grid reads in the circuit: AuditPageTests) finds the change by who and whom.
        await using var scope = _app.Services.CreateAsyncScope();
        var (rows, _) = await scope.ServiceProvider.GetRequiredService<AuditQueries>()
            .ListAsync(new AuditFilter(Actor: "+998 90 000 00 01", EntityType: AuditEntities.User, EntityId: user.Id.ToString()));
        var entry = Assert.Single(rows);
        Assert.Equal(AuditActions.UserRole, entry.Action);
        Assert.Contains("Promoted Person", entry.Summary, StringComparison.Ordinal);
        Assert.Contains("Aziza Karimova", entry.ActorDisplay + " " + entry.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_user_is_signed_out_at_once_and_cannot_sign_in_on_the_web_or_the_api()
    {
        var user = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System, "Disabled Person");
        var theirs = _app.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await theirs.SignInAsync(user.PhoneNumber!, "secret123")).StatusCode);
        var api = await BearerAsync(user.PhoneNumber!);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);
        var admin = await _app.SignedInBrowserAsync();

        Assert.True((await ChangeAsync(async u => await u.SetDisabledAsync(await AdminIdAsync(), user.Id, disabled: true))).Succeeded);

        Assert.NotNull((await admin.GetPageAsync($"/admin/users/{user.Id}")).QuerySelector("#user-disabled"));
        using (var stale = await theirs.GetAsync("/account/profile"))
            Assert.StartsWith("/account/login", stale.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);
        using (var web = await _app.Browser().SignInAsync(user.PhoneNumber!, "secret123"))
            Assert.NotEqual(HttpStatusCode.Redirect, web.StatusCode);
        using (var login = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { phone = user.PhoneNumber, password = "secret123" }))
            Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);

        Assert.True((await ChangeAsync(async u => await u.SetDisabledAsync(await AdminIdAsync(), user.Id, disabled: false))).Succeeded);
        Assert.Null((await admin.GetPageAsync($"/admin/users/{user.Id}")).QuerySelector("#user-disabled"));
        using (var back = await _app.Browser().SignInAsync(user.PhoneNumber!, "secret123"))
            Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
    }

    [Fact]
    public async Task The_only_admin_demoting_or_disabling_themself_is_told_why_and_nothing_changes()
    {
        var admin = await _app.SignedInBrowserAsync();
        var me = await _app.QueryAsync(db => db.Users.Where(u => u.PhoneNumber == AdminClients.AdminPhone).Select(u => u.Id).SingleAsync());
        var before = await _app.QueryAsync(db => db.AuditEntries.CountAsync());

        var demote = await ChangeAsync(u => u.ChangeRoleAsync(me, me, Roles.Customer));
        var disable = await ChangeAsync(u => u.SetDisabledAsync(me, me, disabled: true));

        Assert.Equal(("role", "user.lastAdmin"), (demote.Errors[0].Field, demote.Errors[0].Code));
        Assert.Equal((null, "user.lastAdmin"), (disable.Errors[0].Field, disable.Errors[0].Code));
        // How the page says it (beside the role field, and in a snackbar) is UsersPagesTests'.
        Assert.NotNull((await admin.GetPageAsync($"/admin/users/{me}")).QuerySelector("#role-form"));
        Assert.Equal([Roles.Admin], await RolesAsync(me));
        Assert.Equal(before, await _app.QueryAsync(db => db.AuditEntries.CountAsync()));
        using (var still = await admin.GetAsync("/admin/users"))
            Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task A_customer_dashboard_shows_their_orders_and_notifications_and_nothing_of_another_customer()
    {
        var (mine, me) = await _app.SignedInCustomerAsync();
        var (theirs, other) = await _app.SignedInCustomerAsync();
        var product = await _app.ProductIdAsync(TestCatalog.Items[0].Slug);
        var myOrder = (await mine.PlaceOrderAsync(product, 1)).GetProperty("id").GetInt64();
        var theirOrder = (await theirs.PlaceOrderAsync(product, 1)).GetProperty("id").GetInt64();
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var notes = scope.ServiceProvider.GetRequiredService<INotificationService>();
            await notes.NotifyAsync(me.Id, new NotificationRequest("Mine-" + me.Id, "for me"));
            await notes.NotifyAsync(other.Id, new NotificationRequest("Theirs-" + other.Id, "not for me"));
        }

        var doc = await mine.GetPageAsync("/account"); // #customer-dashboard, which site.js re-reads from this page
        {
            Assert.NotNull(doc.QuerySelector($"#cd-order-list [data-order-id='{myOrder}']"));
            Assert.Null(doc.QuerySelector($"[data-order-id='{theirOrder}']"));
            Assert.Contains("Mine-" + me.Id, doc.QuerySelector("#cd-note-list")!.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain("Theirs-", doc.Body!.TextContent, StringComparison.Ordinal);
        }
        using var anonymous = await _app.Browser().GetAsync("/account");
        Assert.StartsWith("/account/login", anonymous.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_opens_a_users_orders_read_only_from_their_page()
    {
        var (customer, user) = await _app.SignedInCustomerAsync();
        var product = await _app.ProductIdAsync(TestCatalog.Items[0].Slug);
        var order = (await customer.PlaceOrderAsync(product, 1)).GetProperty("id").GetInt64();
        var admin = await _app.SignedInBrowserAsync();

        var page = await admin.GetPageAsync($"/admin/users/{user.Id}");
        var link = page.QuerySelector($"#user-orders a[href='/admin/orders/{order}']");
        var detail = await admin.GetPageAsync($"/admin/orders/{order}");
        using var missing = await admin.GetAsync("/admin/orders/987654321");

        Assert.NotNull(link);
        Assert.Equal(Core.Orders.Order.NumberFor(order), link.TextContent.Trim());
        Assert.Contains(Core.Orders.Order.NumberFor(order), detail.QuerySelector("h2")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(detail.QuerySelectorAll("main form")); // read-only: no buttons that move the order
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_operator_portal_shows_queue_counts_and_is_for_operators_only()
    {
        var customer = await _app.SignedInBrowserAsync(AdminClients.CustomerPhone);
        var product = await _app.ProductIdAsync(TestCatalog.Items[0].Slug);
        await customer.PlaceOrderAsync(product, 1);
        var operatorBrowser = await _app.SignedInBrowserAsync("+998900000002");

        var page = await operatorBrowser.GetPageAsync("/operator");

        var toConfirm = await _app.QueryAsync(db => db.Orders.CountAsync(o => o.Status == Core.Orders.OrderStatus.AwaitingConfirmation || o.Status == Core.Orders.OrderStatus.Paid));
        Assert.Equal(toConfirm.ToString(), page.QuerySelector("[data-queue='toConfirm'] .dx-queue-count")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("[data-testid=act-now] [data-queue='toConfirm']"));
        using (var refused = await customer.GetAsync("/operator"))
            Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }

    private async Task<HttpClient> BearerAsync(string phone)
    {
        var client = _app.CreateClient();
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { phone, password = "secret123" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.JsonAsync()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private Task<List<string>> RolesAsync(Guid id) =>
        _app.QueryAsync(db => (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == id select r.Name!).ToListAsync());

    private async Task<Dorixona.Core.Common.Result> ChangeAsync(Func<UserAdmin, Task<Dorixona.Core.Common.Result>> change)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await change(scope.ServiceProvider.GetRequiredService<UserAdmin>());
    }

    private Task<Guid> AdminIdAsync() => _app.QueryAsync(db => db.Users.Where(u => u.PhoneNumber == AdminClients.AdminPhone).Select(u => u.Id).SingleAsync());
}
