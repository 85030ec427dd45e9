using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Dorixona.Core.Privacy;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Identity;

/// <param name="AcceptTerms">The person ticked "I accept the terms of sale and the privacy policy"; nothing happens without it.</param>
public sealed record RegisterInput(string? Phone, string? FullName, string? Password, bool AcceptTerms = false);

public sealed record ProfileView(Guid Id, string Phone, string FullName, IReadOnlyList<string> Roles, DateTime CreatedAt, DateTime? VerifiedAt, string? PreferredCulture);

public sealed record LoginHistoryItem(DateTime At, bool Succeeded, string Channel, string? IpAddress, string? UserAgent);

/// <summary>
/// Registration, phone verification, password reset and profile changes. Signing in (cookies, tokens)
/// belongs to the web host; everything that decides whether a person may, lives here.
/// </summary>
public sealed class AccountService(
    UserManager<AppUser> users,
    DorixonaDbContext db,
    OneTimeCodeService codes,
    TimeProvider clock,
    IOptions<LegalOptions> legal)
{
    public const int FullNameMaxLength = 128;

    /// <summary>Creates an unverified customer and texts a code. Re-registering an unverified phone updates it and texts a new code.</summary>
    public async Task<Result> RegisterAsync(RegisterInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var phone = PhoneNumber.Normalize(input.Phone);
        if (phone is null) errors.Add(new FieldError("phone", string.IsNullOrWhiteSpace(input.Phone) ? "phone.required" : "phone.invalid"));
        var fullName = input.FullName?.Trim() ?? "";
        if (fullName.Length < 2) errors.Add(new FieldError("fullName", "fullName.required"));
        else if (fullName.Length > FullNameMaxLength) errors.Add(new FieldError("fullName", "fullName.tooLong", FullNameMaxLength));
        else errors.AddRange(InputText.Check(("fullName", fullName)));
        if (string.IsNullOrEmpty(input.Password)) errors.Add(new FieldError("password", "password.required"));
        else errors.AddRange(await ValidatePasswordAsync(input.Password, "password"));
        if (!input.AcceptTerms) errors.Add(new FieldError("acceptTerms", "terms.required"));
        if (errors.Count > 0) return Result.Fail(errors);

        var existing = await db.Users.IgnoreQueryFilters().SingleOrDefaultAsync(u => u.UserName == phone, ct);
        var wait = await codes.SecondsUntilResendAsync(phone!, OneTimeCodePurpose.VerifyPhone, ct);
        if (wait > 0) return Result.Fail(null, "otp.tooSoon", wait);
        if (existing is { DeletedAt: not null } or { PhoneNumberConfirmed: true })
        {
            // The same answer, wait and work as for a new number (decision 0032); the owner learns what happened by SMS,
            // a disabled account nothing. The hash stands in for the one creating an account would compute.
            users.PasswordHasher.HashPassword(existing, input.Password!);
            var notice = existing.DeletedAt is null ? OneTimeCodeMessages.RegisterTaken(existing.PreferredCulture) : null;
            return await codes.IssueUnsentAsync(phone!, OneTimeCodePurpose.VerifyPhone, notice, ct);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = existing;
        if (user is null)
        {
            user = new AppUser { UserName = phone, PhoneNumber = phone, FullName = fullName, CreatedAt = Now() };
            Accept(user);
            var created = await users.CreateAsync(user, input.Password!);
            if (!created.Succeeded) return Result.Fail(MapIdentity(created, "password"));
            var role = await users.AddToRoleAsync(user, Roles.Customer);
            if (!role.Succeeded) return Result.Fail(MapIdentity(role, null));
        }
        else
        {
            user.FullName = fullName;
            Accept(user);
            await users.RemovePasswordAsync(user);
            var set = await users.AddPasswordAsync(user, input.Password!);
            if (!set.Succeeded) return Result.Fail(MapIdentity(set, "password"));
        }
        var issued = await codes.IssueAsync(phone!, OneTimeCodePurpose.VerifyPhone, ct);
        if (!issued.Succeeded) return issued;
        await tx.CommitAsync(ct);
        return Result.Ok();
    }

    private void Accept(AppUser user)
    {
        user.AcceptedTermsVersion = legal.Value.TermsVersion;
        user.AcceptedPrivacyVersion = legal.Value.PrivacyVersion;
        user.TermsAcceptedAt = Now();
    }

    public async Task<Result> ResendVerificationAsync(string? rawPhone, CancellationToken ct = default)
    {
        var phone = PhoneNumber.Normalize(rawPhone);
        if (phone is null) return Result.Fail("phone", "phone.invalid");
        var user = await users.FindByNameAsync(phone);
        // Unknown or already verified numbers get the same answer and the same resend wait, so the form tells nobody who is registered.
        if (user is null || user.PhoneNumberConfirmed) return await codes.IssueUnsentAsync(phone, OneTimeCodePurpose.VerifyPhone, null, ct);
        return await codes.IssueAsync(phone, OneTimeCodePurpose.VerifyPhone, ct);
    }

    /// <summary>Confirms the phone with the SMS code; the caller then signs the user in.</summary>
    public async Task<Result<AppUser>> VerifyPhoneAsync(string? rawPhone, string? code, CancellationToken ct = default)
    {
        var phone = PhoneNumber.Normalize(rawPhone);
        if (phone is null) return Result<AppUser>.Fail("phone", "phone.invalid");
        var user = await users.FindByNameAsync(phone);
        // The code decides first, for every number alike: unknown and verified numbers only ever got codes nobody was sent.
        var verified = await codes.VerifyAsync(phone, OneTimeCodePurpose.VerifyPhone, code, ct);
        if (!verified.Succeeded) return Result<AppUser>.Fail(verified.Errors);
        if (user is null || user.PhoneNumberConfirmed) return Result<AppUser>.Fail("code", "otp.expired");
        user.PhoneNumberConfirmed = true;
        user.VerifiedAt = Now();
        var updated = await users.UpdateAsync(user);
        return updated.Succeeded ? Result<AppUser>.Ok(user) : Result<AppUser>.Fail(MapIdentity(updated, null));
    }

    /// <summary>Texts a reset code to a verified account; answers the same whether or not the phone is registered.</summary>
    public async Task<Result> ForgotPasswordAsync(string? rawPhone, CancellationToken ct = default)
    {
        var phone = PhoneNumber.Normalize(rawPhone);
        if (phone is null) return Result.Fail("phone", string.IsNullOrWhiteSpace(rawPhone) ? "phone.required" : "phone.invalid");
        var user = await users.FindByNameAsync(phone);
        // Same answer and same resend wait for every number; only a verified account is sent a code.
        if (user is null || !user.PhoneNumberConfirmed) return await codes.IssueUnsentAsync(phone, OneTimeCodePurpose.ResetPassword, null, ct);
        return await codes.IssueAsync(phone, OneTimeCodePurpose.ResetPassword, ct);
    }

    /// <summary>
    /// Texts a sign-in code to a verified, active customer. Staff keep their password (and second factor): their
    /// numbers, like unknown or unverified ones, get the same answer and wait but no SMS (decisions 0031, 0032, 0043).
    /// </summary>
    public async Task<Result> SendSignInCodeAsync(string? rawPhone, CancellationToken ct = default)
    {
        var phone = PhoneNumber.Normalize(rawPhone);
        if (phone is null) return Result.Fail("phone", string.IsNullOrWhiteSpace(rawPhone) ? "phone.required" : "phone.invalid");
        var user = await users.FindByNameAsync(phone);
        if (!await MaySignInByCodeAsync(user)) return await codes.IssueUnsentAsync(phone, OneTimeCodePurpose.SignIn, null, ct);
        return await codes.IssueAsync(phone, OneTimeCodePurpose.SignIn, ct);
    }

    /// <summary>The code decides first, for every number alike; only then is a number without a customer account refused.</summary>
    public async Task<Result<AppUser>> SignInWithCodeAsync(string? rawPhone, string? code, CancellationToken ct = default)
    {
        var phone = PhoneNumber.Normalize(rawPhone);
        if (phone is null) return Result<AppUser>.Fail("phone", string.IsNullOrWhiteSpace(rawPhone) ? "phone.required" : "phone.invalid");
        var user = await users.FindByNameAsync(phone);
        var verified = await codes.VerifyAsync(phone, OneTimeCodePurpose.SignIn, code, ct);
        if (!verified.Succeeded) return Result<AppUser>.Fail(verified.Errors);
        if (!await MaySignInByCodeAsync(user)) return Result<AppUser>.Fail("code", "otp.expired");
        return Result<AppUser>.Ok(user!);
    }

    private async Task<bool> MaySignInByCodeAsync(AppUser? user)
    {
        if (user is not { PhoneNumberConfirmed: true, DeletedAt: null } || user.TwoFactorEnabled) return false;
        var roles = await users.GetRolesAsync(user);
        return roles.Count > 0 && roles.All(r => r == Roles.Customer);
    }

    public async Task<Result<AppUser>> ResetPasswordAsync(string? rawPhone, string? code, string? newPassword, CancellationToken ct = default)
    {
        var phone = PhoneNumber.Normalize(rawPhone);
        if (phone is null) return Result<AppUser>.Fail("phone", "phone.invalid");
        if (string.IsNullOrEmpty(newPassword)) return Result<AppUser>.Fail("newPassword", "password.required");
        var weak = await ValidatePasswordAsync(newPassword, "newPassword");
        if (weak.Count > 0) return Result<AppUser>.Fail(weak);
        var user = await users.FindByNameAsync(phone);
        var verified = await codes.VerifyAsync(phone, OneTimeCodePurpose.ResetPassword, code, ct);
        if (!verified.Succeeded) return Result<AppUser>.Fail(verified.Errors);
        if (user is null || !user.PhoneNumberConfirmed) return Result<AppUser>.Fail("code", "otp.expired");
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, newPassword);
        if (!reset.Succeeded) return Result<AppUser>.Fail(MapIdentity(reset, "newPassword"));
        return Result<AppUser>.Ok(user);
    }

    public async Task<Result> ChangePasswordAsync(Guid userId, string? currentPassword, string? newPassword)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null) return Result.Fail(null, "account.notFound");
        var errors = new List<FieldError>();
        if (string.IsNullOrEmpty(currentPassword)) errors.Add(new FieldError("currentPassword", "password.required"));
        if (string.IsNullOrEmpty(newPassword)) errors.Add(new FieldError("newPassword", "password.required"));
        if (errors.Count > 0) return Result.Fail(errors);
        var changed = await users.ChangePasswordAsync(user, currentPassword!, newPassword!);
        return changed.Succeeded ? Result.Ok() : Result.Fail(MapIdentity(changed, "newPassword"));
    }

    public async Task<Result> UpdateProfileAsync(Guid userId, string? fullName, string? preferredCulture)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null) return Result.Fail(null, "account.notFound");
        var name = fullName?.Trim() ?? "";
        if (name.Length < 2) return Result.Fail("fullName", "fullName.required");
        if (name.Length > FullNameMaxLength) return Result.Fail("fullName", "fullName.tooLong", FullNameMaxLength);
        if (!InputText.IsClean(name)) return Result.Fail("fullName", InputText.ControlCharactersCode);
        if (preferredCulture is not null && preferredCulture is not ("uz" or "ru" or "en"))
            return Result.Fail("preferredCulture", "culture.invalid");
        user.FullName = name;
        user.PreferredCulture = preferredCulture ?? user.PreferredCulture;
        var updated = await users.UpdateAsync(user);
        return updated.Succeeded ? Result.Ok() : Result.Fail(MapIdentity(updated, null));
    }

    public async Task<ProfileView?> GetProfileAsync(Guid userId, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return null;
        var roleNames = await (from ur in db.UserRoles
                               join r in db.Roles on ur.RoleId equals r.Id
                               where ur.UserId == userId
                               select r.Name!).ToListAsync(ct);
        return new ProfileView(user.Id, user.PhoneNumber!, user.FullName, roleNames, user.CreatedAt, user.VerifiedAt, user.PreferredCulture);
    }

    public async Task RecordLoginAsync(Guid userId, bool succeeded, string channel, string? ip, string? userAgent, CancellationToken ct = default)
    {
        db.LoginEvents.Add(new LoginEvent
        {
            UserId = userId, At = Now(), Succeeded = succeeded, Channel = channel, IpAddress = ip,
            UserAgent = userAgent is { Length: > 512 } ? userAgent[..512] : userAgent,
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<LoginHistoryItem>> LoginHistoryAsync(Guid userId, int take = 20, CancellationToken ct = default) =>
        await db.LoginEvents.AsNoTracking()
            .Where(e => e.UserId == userId)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Take(take)
            .Select(e => new LoginHistoryItem(e.At, e.Succeeded, e.Channel, e.IpAddress, e.UserAgent))
            .ToListAsync(ct);

    private async Task<List<FieldError>> ValidatePasswordAsync(string password, string field)
    {
        var errors = new List<FieldError>();
        foreach (var validator in users.PasswordValidators)
        {
            var r = await validator.ValidateAsync(users, new AppUser(), password);
            if (!r.Succeeded) errors.AddRange(MapIdentity(r, field));
        }
        return errors;
    }

    private static List<FieldError> MapIdentity(IdentityResult result, string? passwordField) =>
        result.Errors.Select(e => new FieldError(
            e.Code switch
            {
                "PasswordMismatch" => "currentPassword",
                "DuplicateUserName" or "DuplicatePhoneNumber" => "phone",
                _ when e.Code.StartsWith("Password", StringComparison.Ordinal) => passwordField,
                _ => null,
            },
            e.Code == "DuplicateUserName" ? "phone.taken" : "identity." + e.Code)).ToList();

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
