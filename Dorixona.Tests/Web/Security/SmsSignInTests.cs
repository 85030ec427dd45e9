using System.Net;
using Dorixona.Core.Identity;
using Dorixona.Core.Notifications;
using Dorixona.Tests.Infrastructure;
using Dorixona.Tests.Web.Orders;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Tests.Web.Security;

/// <summary>Issue 14: customers may sign in by an SMS code alone; staff keep their password and second factor (decision 0043).</summary>
public abstract class SmsSignInTests(WebAppFixture web)
{
    public sealed class OnSqlite(SqliteWebApp web) : SmsSignInTests(web), IClassFixture<SqliteWebApp>;

    public sealed class OnPostgres(PostgresWebApp web) : SmsSignInTests(web), IClassFixture<PostgresWebApp>;

    private readonly AppFactory _app = web.App;

    [Fact]
    public async Task A_customer_signs_in_by_the_sms_code_alone_and_returns_to_checkout()
    {
        var user = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System);
        var browser = _app.Browser();
        var login = await browser.GetPageAsync("/account/login?returnUrl=%2Fcheckout");
        var smsHref = login.QuerySelector("a.dx-login-sms")!.GetAttribute("href")!;

        using var sent = await browser.SubmitAsync(smsHref, "login-sms", new Dictionary<string, string> { ["Input.Phone"] = user.PhoneNumber! });
        var codePage = HtmlForms.Parse(await sent.Content.ReadAsStringAsync());
        var code = SmsCode.In(await _app.LastSmsToAsync(user.PhoneNumber!));
        using var signedIn = await browser.SubmitAsync(codePage, smsHref, "login-sms-code", new Dictionary<string, string> { ["Code.Code"] = code });

        Assert.Equal("/account/login/sms?returnUrl=%2Fcheckout", smsHref);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/checkout", signedIn.Headers.Location!.PathAndQuery());
        using var profile = await browser.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
    }

    [Fact]
    public async Task A_wrong_code_keeps_the_phone_and_signs_nobody_in_and_a_foreign_return_url_goes_home()
    {
        var user = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System);
        var browser = _app.Browser();
        using var sent = await browser.SubmitAsync("/account/login/sms?returnUrl=%2F%2Fevil.example", "login-sms", new Dictionary<string, string> { ["Input.Phone"] = user.PhoneNumber! });
        var codePage = HtmlForms.Parse(await sent.Content.ReadAsStringAsync());
        var code = SmsCode.In(await _app.LastSmsToAsync(user.PhoneNumber!));

        using var wrong = await browser.SubmitAsync(codePage, "/account/login/sms", "login-sms-code", new Dictionary<string, string> { ["Code.Code"] = SmsCode.Wrong(code) });
        var wrongPage = HtmlForms.Parse(await wrong.Content.ReadAsStringAsync());
        using var right = await browser.SubmitAsync(wrongPage, "/account/login/sms", "login-sms-code", new Dictionary<string, string> { ["Code.Code"] = code });

        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Yana 4 ta urinish qoldi", wrongPage.QuerySelector(".invalid-feedback")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(user.PhoneNumber, wrongPage.QuerySelector("input[name='Code.Phone']")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/", right.Headers.Location!.PathAndQuery());
    }

    [Fact]
    public async Task Staff_and_unknown_phones_get_the_same_answer_as_a_customer_and_no_code()
    {
        var customer = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System);
        var staff = await TestUsers.CreateVerifiedAsync(_app.Services, TimeProvider.System, "Staff Member");
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var fresh = (await users.FindByIdAsync(staff.Id.ToString()))!;
            await users.RemoveFromRoleAsync(fresh, Roles.Customer);
            await users.AddToRoleAsync(fresh, Roles.Operator);
        }
        var unknown = TestPhones.Next();

        var answers = new List<string>();
        foreach (var phone in new[] { customer.PhoneNumber!, staff.PhoneNumber!, unknown })
        {
            using var sent = await _app.Browser().SubmitAsync("/account/login/sms", "login-sms", new Dictionary<string, string> { ["Input.Phone"] = phone });
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
            answers.Add(HtmlForms.Parse(await sent.Content.ReadAsStringAsync()).QuerySelector("main .dx-auth")!.TextContent);
        }
        await _app.LastSmsToAsync(customer.PhoneNumber!); // dispatches the outbox
        var inbox = _app.Services.GetRequiredService<DevSmsInbox>();

        Assert.Single(answers.Select(a => System.Text.RegularExpressions.Regex.Replace(a, @"\d", "#")).Distinct());
        Assert.Empty(inbox.Recent(staff.PhoneNumber!));
        Assert.Empty(inbox.Recent(unknown));
    }
}
