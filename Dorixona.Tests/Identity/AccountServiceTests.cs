using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Core.Notifications;
using Dorixona.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Identity;

/// <summary>Registration, phone verification by SMS code, and password reset, as a customer goes through them.</summary>
public abstract class AccountServiceTests(DatabaseFixture database) : DatabaseTest(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : AccountServiceTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : AccountServiceTests(database), IClassFixture<PostgresDatabase>;

    private const string Password = "secret123";

    [Fact]
    public async Task Register_creates_an_unverified_customer_and_texts_one_code()
    {
        var phone = TestPhones.Next();

        var result = await RegisterAsync(phone, "  Malika Ergasheva ");

        Assert.True(result.Succeeded, Describe(result));
        var user = await FindUserAsync(phone);
        Assert.Equal("Malika Ergasheva", user.FullName);
        Assert.False(user.PhoneNumberConfirmed);
        Assert.Null(user.VerifiedAt);
        Assert.Equal(Clock.UtcNow, user.CreatedAt);
        Assert.Equal([Roles.Customer], await InScopeAsync((UserManager<AppUser> users) => users.GetRolesAsync(user)));
        var sms = Assert.Single(await SmsToAsync(phone));
        Assert.Equal(OutboxChannel.Sms, sms.Channel);
        Assert.Equal(OutboxStatus.Pending, sms.Status);
        Assert.True(sms.Sensitive, "an SMS carrying a code must be marked Sensitive");
        SmsCode.In(sms.Body);
    }

    [Fact]
    public async Task The_right_code_within_two_minutes_confirms_the_phone()
    {
        var phone = await RegisteredAsync();
        Clock.Advance(TimeSpan.FromSeconds(119));

        var result = await VerifyAsync(phone, await LastCodeAsync(phone));

        Assert.True(result.Succeeded, Describe(result));
        var user = await FindUserAsync(phone);
        Assert.True(user.PhoneNumberConfirmed);
        Assert.Equal(Clock.UtcNow, user.VerifiedAt);
    }

    [Fact]
    public async Task The_phone_may_be_written_differently_when_verifying()
    {
        var phone = await RegisteredAsync();
        var local = PhoneNumber.Format(phone)["+998 ".Length..];

        var result = await VerifyAsync(local, await LastCodeAsync(phone));

        Assert.True(result.Succeeded, Describe(result));
        Assert.True((await FindUserAsync(phone)).PhoneNumberConfirmed);
    }

    [Fact]
    public async Task A_wrong_code_is_refused_and_says_how_many_tries_are_left()
    {
        var phone = await RegisteredAsync();
        var code = await LastCodeAsync(phone);

        var first = await VerifyAsync(phone, SmsCode.Wrong(code));
        var second = await VerifyAsync(phone, SmsCode.Wrong(code, 2));

        AssertError(first, "code", "otp.invalid", 4);
        AssertError(second, "code", "otp.invalid", 3);
        Assert.False((await FindUserAsync(phone)).PhoneNumberConfirmed);
    }

    [Fact]
    public async Task Code_is_void_after_five_wrong_tries()
    {
        var phone = await RegisteredAsync();
        var code = await LastCodeAsync(phone);

        for (var i = 1; i <= 4; i++) AssertError(await VerifyAsync(phone, SmsCode.Wrong(code, i)), "code", "otp.invalid", 5 - i);
        AssertError(await VerifyAsync(phone, SmsCode.Wrong(code, 5)), "code", "otp.locked");

        Assert.False((await VerifyAsync(phone, code)).Succeeded, "the right code must not work on a voided code");
        Assert.False((await FindUserAsync(phone)).PhoneNumberConfirmed);
        var stored = await CodesAsync(phone);
        Assert.Equal(5, Assert.Single(stored).FailedAttempts);
        Assert.NotNull(stored[0].VoidedAt);
    }

    [Fact]
    public async Task A_code_older_than_two_minutes_has_expired()
    {
        var phone = await RegisteredAsync();
        Clock.Advance(TimeSpan.FromMinutes(2));

        var result = await VerifyAsync(phone, await LastCodeAsync(phone));

        AssertError(result, "code", "otp.expired");
        Assert.False((await FindUserAsync(phone)).PhoneNumberConfirmed);
    }

    [Fact]
    public async Task A_second_code_within_a_minute_is_refused_then_sent_and_voids_the_first()
    {
        var phone = await RegisteredAsync();
        var firstCode = await LastCodeAsync(phone);

        Clock.Advance(TimeSpan.FromSeconds(59));
        var tooSoon = await InScopeAsync((AccountService accounts) => accounts.ResendVerificationAsync(phone));
        AssertError(tooSoon, null, "otp.tooSoon", 1);
        Assert.Single(await SmsToAsync(phone));

        Clock.Advance(TimeSpan.FromSeconds(1));
        var resent = await InScopeAsync((AccountService accounts) => accounts.ResendVerificationAsync(phone));
        Assert.True(resent.Succeeded, Describe(resent));
        var messages = await SmsToAsync(phone);
        Assert.Equal(2, messages.Count);
        var secondCode = SmsCode.In(messages[1].Body);

        var codes = await CodesAsync(phone);
        Assert.Equal(2, codes.Count);
        Assert.NotNull(codes[0].VoidedAt);
        Assert.Null(codes[1].VoidedAt);
        // One time in 10,000 the new code equals the old one; then only the stored state above can show the old one is void.
        if (firstCode != secondCode) AssertError(await VerifyAsync(phone, firstCode), "code", "otp.invalid", 4);
        Assert.True((await VerifyAsync(phone, secondCode)).Succeeded);
    }

    [Fact]
    public async Task Registering_an_unverified_phone_again_updates_it_and_texts_a_new_code()
    {
        var phone = await RegisteredAsync("Old Name", "firstpass1");

        AssertError(await RegisterAsync(phone, "New Name", "secondpass2"), null, "otp.tooSoon", 60);
        Assert.Equal("Old Name", (await FindUserAsync(phone)).FullName);

        Clock.Advance(TimeSpan.FromSeconds(60));
        var again = await RegisterAsync(phone, "New Name", "secondpass2");

        Assert.True(again.Succeeded, Describe(again));
        var user = await FindUserAsync(phone);
        Assert.Equal("New Name", user.FullName);
        Assert.Equal(1, await QueryAsync(db => db.Users.CountAsync(u => u.PhoneNumber == phone)));
        Assert.True(await CheckPasswordAsync(phone, "secondpass2"));
        Assert.False(await CheckPasswordAsync(phone, "firstpass1"));
        Assert.Equal(2, (await SmsToAsync(phone)).Count);
        Assert.True((await VerifyAsync(phone, await LastCodeAsync(phone))).Succeeded);
    }

    [Fact]
    public async Task Registering_a_verified_phone_answers_as_for_a_new_one_and_texts_the_owner_what_happened()
    {
        var phone = await VerifiedAsync("First Owner", "firstpass1");
        Clock.Advance(TimeSpan.FromMinutes(5));
        var unknown = TestPhones.Next();

        var taken = await RegisterAsync(phone, "Someone Else", "otherpass2");
        var fresh = await RegisterAsync(unknown, "Someone Else", "otherpass2");

        Assert.True(taken.Succeeded, Describe(taken));
        Assert.True(fresh.Succeeded, Describe(fresh));
        Assert.Equal("First Owner", (await FindUserAsync(phone)).FullName);
        Assert.True(await CheckPasswordAsync(phone, "firstpass1"));
        var notice = (await SmsToAsync(phone))[^1].Body;
        Assert.Contains("ro‘yxatdan o‘tmoqchi bo‘ldi", notice, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d{4}", notice);
        // Asking again at once, and guessing codes, answer alike for both numbers.
        AssertError(await RegisterAsync(phone, "Someone Else", "otherpass2"), null, "otp.tooSoon", 60);
        AssertError(await RegisterAsync(unknown, "Someone Else", "otherpass2"), null, "otp.tooSoon", 60);
        AssertError(await VerifyAsync(phone, "0000"), "code", "otp.invalid", 4);
        AssertError(await VerifyAsync(unknown, SmsCode.Wrong(await LastCodeAsync(unknown), 1)), "code", "otp.invalid", 4);
    }

    [Fact]
    public async Task Verify_answers_alike_for_an_unknown_and_an_already_verified_phone()
    {
        var verified = await VerifiedAsync();

        var known = await VerifyAsync(verified, "1234");
        var unknown = await VerifyAsync(TestPhones.Next(), "1234");

        AssertError(known, "code", "otp.expired");
        AssertError(unknown, "code", "otp.expired");
    }

    [Theory]
    [InlineData("12345", "Valid Name", Password, "phone", "phone.invalid")]
    [InlineData("+7 912 345 67 89", "Valid Name", Password, "phone", "phone.invalid")]
    [InlineData("", "Valid Name", Password, "phone", "phone.required")]
    [InlineData(null, "", Password, "fullName", "fullName.required")]
    [InlineData(null, " A ", Password, "fullName", "fullName.required")]
    [InlineData(null, "Valid Name", "", "password", "password.required")]
    [InlineData(null, "Valid Name", "short12", "password", "identity.PasswordTooShort")]
    [InlineData(null, "Valid Name", "nodigitshere", "password", "identity.PasswordRequiresDigit")]
    public async Task Invalid_input_is_refused_field_by_field_and_creates_nothing(
        string? phone, string fullName, string password, string field, string code)
    {
        phone ??= TestPhones.Next();
        var before = await CountsAsync();

        var result = await RegisterAsync(phone, fullName, password);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Field == field && e.Code == code);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Forgot_password_answers_and_waits_alike_for_unknown_and_registered_phones_and_texts_only_the_customer()
    {
        var registered = await VerifiedAsync();
        var unknown = TestPhones.Next();
        var users = (await CountsAsync()).Users;

        var first = await InScopeAsync((AccountService accounts) => accounts.ForgotPasswordAsync(unknown));
        var knownFirst = await InScopeAsync((AccountService accounts) => accounts.ForgotPasswordAsync(registered));
        var again = await InScopeAsync((AccountService accounts) => accounts.ForgotPasswordAsync(unknown));
        var knownAgain = await InScopeAsync((AccountService accounts) => accounts.ForgotPasswordAsync(registered));

        Assert.True(first.Succeeded && knownFirst.Succeeded, "the answer must not reveal whether the phone is registered");
        AssertError(again, null, "otp.tooSoon", 60);
        AssertError(knownAgain, null, "otp.tooSoon", 60);
        Assert.Empty(await SmsToAsync(unknown));
        Assert.Equal(users, (await CountsAsync()).Users);
        AssertError(await ResetAsync(unknown, "0000", "newpass456"), "code", "otp.invalid", 4);
        AssertError(await ResetAsync(registered, SmsCode.Wrong(await LastCodeAsync(registered), 1), "newpass456"), "code", "otp.invalid", 4);
    }

    [Fact]
    public async Task Reset_with_the_right_code_changes_the_password()
    {
        var phone = await VerifiedAsync(password: "oldpass123");
        var code = await ForgotAsync(phone);

        var result = await ResetAsync(phone, code, "newpass456");

        Assert.True(result.Succeeded, Describe(result));
        Assert.True(await CheckPasswordAsync(phone, "newpass456"));
        Assert.False(await CheckPasswordAsync(phone, "oldpass123"));
        AssertError(await ResetAsync(phone, code, "thirdpass789"), "code", "otp.expired");
    }

    [Fact]
    public async Task Reset_with_a_wrong_code_keeps_the_old_password()
    {
        var phone = await VerifiedAsync(password: "oldpass123");
        var code = await ForgotAsync(phone);

        var result = await ResetAsync(phone, SmsCode.Wrong(code), "newpass456");

        AssertError(result, "code", "otp.invalid", 4);
        Assert.True(await CheckPasswordAsync(phone, "oldpass123"));
        Assert.False(await CheckPasswordAsync(phone, "newpass456"));
    }

    [Fact]
    public async Task Parallel_wrong_guesses_never_count_more_than_five_failures()
    {
        var phone = await RegisteredAsync();
        var code = await LastCodeAsync(phone);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Each guess is its own request: its own scope and DbContext, all released at once.
        var guesses = Enumerable.Range(1, 20).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await VerifyAsync(phone, SmsCode.Wrong(code, i));
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(guesses);

        Assert.All(results, r => Assert.False(r.Succeeded));
        var stored = Assert.Single(await CodesAsync(phone));
        Assert.Equal(5, stored.FailedAttempts);
        Assert.NotNull(stored.VoidedAt);
        Assert.False((await VerifyAsync(phone, code)).Succeeded, "the right code must not work after five failures");
        Assert.False((await FindUserAsync(phone)).PhoneNumberConfirmed);
    }

    private Task<Result> RegisterAsync(string? phone, string? fullName, string? password = Password) =>
        InScopeAsync((AccountService accounts) => accounts.RegisterAsync(new RegisterInput(phone, fullName, password, AcceptTerms: true)));

    private async Task<string> RegisteredAsync(string fullName = "Test Customer", string password = Password)
    {
        var phone = TestPhones.Next();
        var result = await RegisterAsync(phone, fullName, password);
        Assert.True(result.Succeeded, Describe(result));
        return phone;
    }

    private async Task<string> VerifiedAsync(string fullName = "Test Customer", string password = Password)
    {
        var phone = await RegisteredAsync(fullName, password);
        var verified = await VerifyAsync(phone, await LastCodeAsync(phone));
        Assert.True(verified.Succeeded, Describe(verified));
        return phone;
    }

    private Task<Result<AppUser>> VerifyAsync(string phone, string code) =>
        InScopeAsync((AccountService accounts) => accounts.VerifyPhoneAsync(phone, code));

    private async Task<string> ForgotAsync(string phone)
    {
        var before = (await SmsToAsync(phone)).Count;
        var result = await InScopeAsync((AccountService accounts) => accounts.ForgotPasswordAsync(phone));
        Assert.True(result.Succeeded, Describe(result));
        var messages = await SmsToAsync(phone);
        Assert.Equal(before + 1, messages.Count);
        Assert.True(messages[^1].Sensitive);
        return SmsCode.In(messages[^1].Body);
    }

    private Task<Result<AppUser>> ResetAsync(string phone, string code, string newPassword) =>
        InScopeAsync((AccountService accounts) => accounts.ResetPasswordAsync(phone, code, newPassword));

    private async Task<string> LastCodeAsync(string phone) => SmsCode.In((await SmsToAsync(phone))[^1].Body);

    private Task<AppUser> FindUserAsync(string phone) =>
        QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.PhoneNumber == phone));

    private Task<bool> CheckPasswordAsync(string phone, string password) =>
        InScopeAsync(async (UserManager<AppUser> users) => await users.CheckPasswordAsync((await users.FindByNameAsync(phone))!, password));

    private Task<List<OneTimeCode>> CodesAsync(string phone) =>
        QueryAsync(db => db.OneTimeCodes.AsNoTracking().Where(c => c.Phone == phone).OrderBy(c => c.Id).ToListAsync());

    private Task<(int Users, int Codes, int Outbox)> CountsAsync() =>
        QueryAsync(async (DorixonaDbContext db) => (
            await db.Users.IgnoreQueryFilters().CountAsync(), await db.OneTimeCodes.CountAsync(), await db.OutboxMessages.CountAsync()));

    private static void AssertError(Result result, string? field, string code, params object[] args)
    {
        var error = Assert.Single(result.Errors);
        Assert.Equal((field, code), (error.Field, error.Code));
        if (args.Length > 0) Assert.Equal(args, error.Args);
    }

    private static string Describe(Result result) =>
        result.Succeeded ? "succeeded" : string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Code} {string.Join(",", e.Args)}"));
}
