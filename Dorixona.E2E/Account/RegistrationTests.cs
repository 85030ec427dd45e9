using Dorixona.Core.Data;
using Dorixona.E2E.Infrastructure;
using Dorixona.E2E.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.E2E.Account;

public sealed class RegistrationTests(AppFixture app, BrowserFixture browser) : E2ETest(app, browser)
{
    private const string Password = "Sog1omBo'ling";

    [Fact]
    public async Task New_customer_registers_verifies_signs_in_and_signs_out()
    {
        var (typed, phone) = TestPhones.New();
        var header = new SiteHeader(Page);
        var home = new HomePage(Page);

        var register = await new RegisterPage(Page).OpenAsync();
        await register.RegisterAsync(typed, "Malika Usmonova", Password);

        var verify = new VerifyPage(Page);
        await verify.ExpectOpenForAsync(phone);
        await verify.VerifyAsync(await DevSmsPage.ReadCodeAsync(Context, phone));

        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/?welcome=1");
        await Expect(home.Welcome).ToBeVisibleAsync();
        await Expect(header.AccountMenu).ToBeVisibleAsync();

        await header.SignOutAsync();
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/");

        var login = await new LoginPage(Page).OpenAsync();
        await login.SignInAsync(typed, Password);
        await Expect(Page).ToHaveURLAsync(App.BaseUrl + "/");
        await Expect(header.AccountMenu).ToBeVisibleAsync();
        await Expect(header.SignInLink).ToHaveCountAsync(0);

        await header.SignOutAsync();
        await Expect(header.SignInLink).ToBeVisibleAsync();
        await Expect(header.AccountMenu).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Wrong_sms_code_shows_a_field_error_and_keeps_the_visitor_signed_out()
    {
        var (typed, phone) = TestPhones.New();
        var register = await new RegisterPage(Page).OpenAsync();
        await register.RegisterAsync(typed, "Jasur Qodirov", Password);
        var verify = new VerifyPage(Page);
        await verify.ExpectOpenForAsync(phone);

        var code = await DevSmsPage.ReadCodeAsync(Context, phone);
        var wrong = ((int.Parse(code) + 1) % 10_000).ToString("D4");
        await verify.VerifyAsync(wrong);

        await Expect(verify.Code).ToHaveAccessibleDescriptionAsync("Wrong code. 4 tries left.");
        await Expect(verify.Heading).ToBeVisibleAsync();
        await Expect(new SiteHeader(Page).SignInLink).ToBeVisibleAsync();

        await Page.GotoAsync("/account/profile");
        await Expect(new LoginPage(Page).Heading).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Registering_with_bad_input_shows_an_error_under_each_field_and_creates_no_account()
    {
        var usersBefore = await CountUsersAsync();
        var register = await new RegisterPage(Page).OpenAsync();

        await register.RegisterAsync("12345", "", "abc");

        await Expect(Page).ToHaveURLAsync(App.BaseUrl + RegisterPage.Path);
        await Expect(register.Phone).ToHaveAccessibleDescriptionAsync("That phone number is not valid. Example: +998 90 123 45 67.");
        await Expect(register.FullName).ToHaveAccessibleDescriptionAsync("Enter your full name.");
        await Expect(register.Password).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("at least 8 characters", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        await Expect(register.Phone).ToHaveValueAsync("12345");
        await Expect(register.Password).ToHaveValueAsync("");
        Assert.Equal(usersBefore, await CountUsersAsync());
    }

    private async Task<int> CountUsersAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DorixonaDbContext>().Users.IgnoreQueryFilters().CountAsync();
    }
}
