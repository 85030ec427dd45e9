using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;

namespace Dorixona.E2E.Account;

/// <summary>Every page is a plain HTML form; nothing in the account flow may need JavaScript.</summary>
public sealed class NoJavaScriptTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    protected override void ConfigureContext(BrowserNewContextOptions options) => options.JavaScriptEnabled = false;

    [Fact]
    public async Task Registration_verification_and_sign_in_work_with_JavaScript_off()
    {
        var (typed, phone) = TestPhones.New();
        var header = new SiteHeader(Page);
        const string password = "Parol2026";

        await (await new RegisterPage(Page).OpenAsync()).RegisterAsync(typed, "Olim Hamidov", password);
        var verify = new VerifyPage(Page);
        await verify.ExpectOpenForAsync(phone);
        await verify.VerifyAsync(await DevSmsPage.ReadCodeAsync(Context, phone));
        await Expect(new HomePage(Page).Welcome).ToBeVisibleAsync();

        await header.SignOutAsync();

        await (await new LoginPage(Page).OpenAsync()).SignInAsync(phone, password);
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/");
        await Expect(header.AccountMenu).ToBeVisibleAsync();
    }
}
