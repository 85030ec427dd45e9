using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Identity;

public sealed class OneTimeCodeOptions
{
    public const string Section = "OneTimeCodes";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(2);
    public TimeSpan ResendInterval { get; set; } = TimeSpan.FromSeconds(60);
    public int MaxFailedAttempts { get; set; } = 5;
}

/// <summary>
/// Issues and checks the 4-digit SMS codes. The code itself exists only in the SMS (the outbox blanks
/// it once sent); the database keeps a salted hash. Wrong tries are counted with one conditional UPDATE,
/// so parallel guesses cannot exceed the limit.
/// </summary>
public sealed class OneTimeCodeService(
    DorixonaDbContext db,
    INotificationService notifications,
    TimeProvider clock,
    IOptions<OneTimeCodeOptions> options)
{
    /// <summary>Seconds until a new code may be sent to this phone for this purpose; 0 when it may now.</summary>
    public async Task<int> SecondsUntilResendAsync(string phone, OneTimeCodePurpose purpose, CancellationToken ct = default)
    {
        var last = await db.OneTimeCodes.AsNoTracking()
            .Where(c => c.Phone == phone && c.Purpose == purpose)
            .OrderByDescending(c => c.CreatedAt)
            .Select(c => (DateTime?)c.CreatedAt)
            .FirstOrDefaultAsync(ct);
        if (last is null) return 0;
        var wait = last.Value + options.Value.ResendInterval - Now();
        return wait > TimeSpan.Zero ? (int)Math.Ceiling(wait.TotalSeconds) : 0;
    }

    /// <summary>Voids earlier codes, stores a new one and queues its SMS, all in the caller's transaction.</summary>
    public Task<Result> IssueAsync(string phone, OneTimeCodePurpose purpose, CancellationToken ct = default) =>
        IssueCoreAsync(phone, purpose, sendCode: true, notice: null, ct);

    /// <summary>
    /// Stores a code exactly as <see cref="IssueAsync"/> does, with its resend wait and its wrong tries, but sends nobody the
    /// code: only <paramref name="notice"/>, if any. For numbers the screen must not tell apart from a real sign-up or reset
    /// (unknown, already verified, disabled), so every number answers alike (decision 0032).
    /// </summary>
    public Task<Result> IssueUnsentAsync(string phone, OneTimeCodePurpose purpose, string? notice, CancellationToken ct = default) =>
        IssueCoreAsync(phone, purpose, sendCode: false, notice, ct);

    private async Task<Result> IssueCoreAsync(string phone, OneTimeCodePurpose purpose, bool sendCode, string? notice, CancellationToken ct)
    {
        var wait = await SecondsUntilResendAsync(phone, purpose, ct);
        if (wait > 0) return Result.Fail(null, "otp.tooSoon", wait);

        var now = Now();
        await db.OneTimeCodes
            .Where(c => c.Phone == phone && c.Purpose == purpose && c.UsedAt == null && c.VoidedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.VoidedAt, now), ct);

        var code = RandomNumberGenerator.GetInt32(0, 10_000).ToString("D4", CultureInfo.InvariantCulture);
        db.OneTimeCodes.Add(new OneTimeCode
        {
            Phone = phone, Purpose = purpose, CodeHash = Hash(phone, purpose, code, salt: null),
            CreatedAt = now, ExpiresAt = now + options.Value.Lifetime,
        });
        if (sendCode) await notifications.QueueSmsAsync(phone, SmsText(purpose, code), sensitive: true, ct);
        else if (notice is not null) await notifications.QueueSmsAsync(phone, notice, sensitive: false, ct);
        else await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    /// <summary>Consumes the code when it is right; counts a wrong try otherwise.</summary>
    public async Task<Result> VerifyAsync(string phone, OneTimeCodePurpose purpose, string? code, CancellationToken ct = default)
    {
        code = code?.Trim();
        if (string.IsNullOrEmpty(code) || code.Length != 4 || !code.All(char.IsAsciiDigit))
            return Result.Fail("code", "otp.format");

        var now = Now();
        var current = await db.OneTimeCodes.AsNoTracking()
            .Where(c => c.Phone == phone && c.Purpose == purpose && c.UsedAt == null)
            .OrderByDescending(c => c.CreatedAt)
            .FirstOrDefaultAsync(ct);
        var max = options.Value.MaxFailedAttempts;
        // The newest code decides: voided by too many tries says so; replaced or timed out is "expired".
        if (current is not null && current.FailedAttempts >= max) return Result.Fail("code", "otp.locked");
        if (current is null || current.VoidedAt is not null || current.ExpiresAt <= now) return Result.Fail("code", "otp.expired");

        if (!Matches(current.CodeHash, phone, purpose, code))
        {
            var counted = await db.OneTimeCodes
                .Where(c => c.Id == current.Id && c.FailedAttempts < max && c.VoidedAt == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.FailedAttempts, c => c.FailedAttempts + 1)
                    .SetProperty(c => c.VoidedAt, c => c.FailedAttempts + 1 >= max ? (DateTime?)now : null), ct);
            var left = max - current.FailedAttempts - 1;
            return counted == 0 || left <= 0 ? Result.Fail("code", "otp.locked") : Result.Fail("code", "otp.invalid", left);
        }

        var used = await db.OneTimeCodes
            .Where(c => c.Id == current.Id && c.UsedAt == null && c.VoidedAt == null && c.FailedAttempts < max)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), ct);
        return used == 1 ? Result.Ok() : Result.Fail("code", "otp.expired");
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    // The code goes to whoever is on the sign-up or reset screen right now (they may have no account yet), so it
    // speaks that screen's language rather than a stored preference.
    private static string SmsText(OneTimeCodePurpose purpose, string code) =>
        OneTimeCodeMessages.Sms(purpose, code, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);

    private static string Hash(string phone, OneTimeCodePurpose purpose, string code, string? salt)
    {
        salt ??= Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(salt), Encoding.UTF8.GetBytes($"{phone}|{(int)purpose}|{code}"));
        return salt + ":" + Convert.ToHexString(mac);
    }

    private static bool Matches(string stored, string phone, OneTimeCodePurpose purpose, string code)
    {
        var salt = stored[..stored.IndexOf(':', StringComparison.Ordinal)];
        var expected = Hash(phone, purpose, code, salt);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(stored));
    }
}
