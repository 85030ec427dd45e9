using System.Net.Mail;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Notifications;

/// <summary>What the profile and <c>GET /api/v1/me/notification-preferences</c> show.</summary>
public sealed record PreferencesView(
    IReadOnlyDictionary<string, ChannelChoice> Kinds, string? Email, bool TelegramLinked, bool EmailAvailable, bool TelegramAvailable);

/// <summary>
/// A change: <see cref="Kinds"/> names kinds by their JSON names and channels by <c>sms</c>, <c>email</c>, <c>telegram</c>;
/// what is left out keeps its value. <see cref="EmailGiven"/> says whether <see cref="Email"/> was sent at all (null or
/// empty then clears it).
/// </summary>
public sealed record PreferencesChange(IReadOnlyDictionary<string, IReadOnlyDictionary<string, bool>>? Kinds, bool EmailGiven, string? Email);

/// <summary>A customer's channels per kind and their e-mail address (decision 0061).</summary>
public sealed class NotificationPreferences(
    DorixonaDbContext db, TimeProvider clock, IOptions<EmailOptions> email, IOptions<TelegramOptions> telegram)
{
    public const int EmailMaxLength = 256;

    public async Task<PreferencesView?> GetAsync(Guid userId, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Email }).SingleOrDefaultAsync(ct);
        if (user is null) return null;
        var saved = await db.NotificationPreferences.AsNoTracking().Where(p => p.UserId == userId).ToDictionaryAsync(p => p.Kind, ct);
        var kinds = PreferenceKinds.All.ToDictionary(k => k.Name, k =>
            saved.TryGetValue(k.Kind, out var p) ? new ChannelChoice(p.Sms, p.Email, p.Telegram) : ChannelChoice.DefaultFor(k.Kind));
        var linked = await db.TelegramLinks.AnyAsync(t => t.UserId == userId, ct);
        return new PreferencesView(kinds, user.Email, linked, email.Value.Enabled, telegram.Value.Enabled);
    }

    /// <summary>Refuses unknown kinds (<c>kinds.{name}</c>), unknown channels (<c>kinds.{kind}.{channel}</c>) and a bad address (<c>email</c>), changing nothing.</summary>
    public async Task<Result> SaveAsync(Guid userId, PreferencesChange change, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var updates = new List<(NotificationKind Kind, IReadOnlyDictionary<string, bool> Channels)>();
        foreach (var (name, channels) in change.Kinds ?? new Dictionary<string, IReadOnlyDictionary<string, bool>>())
        {
            var known = PreferenceKinds.All.FirstOrDefault(k => k.Name == name);
            if (known.Name is null)
            {
                errors.Add(new FieldError("kinds." + name, "preferences.kindUnknown", name));
                continue;
            }
            foreach (var (channel, on) in channels)
            {
                // In-app is always on: saying so is fine, turning it off is refused.
                if (channel == PreferenceKinds.InApp)
                {
                    if (!on) errors.Add(new FieldError($"kinds.{name}.{channel}", "preferences.inAppAlways"));
                }
                else if (!PreferenceKinds.Channels.Contains(channel))
                    errors.Add(new FieldError($"kinds.{name}.{channel}", "preferences.channelUnknown", channel));
            }
            updates.Add((known.Kind, channels));
        }
        string? address = null;
        if (change.EmailGiven && !string.IsNullOrWhiteSpace(change.Email))
        {
            address = change.Email.Trim();
            if (!IsEmail(address)) errors.Add(new FieldError("email", "email.invalid"));
        }
        if (errors.Count > 0) return Result.Fail(errors);

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return Result.Fail(null, "account.notFound");
        var now = clock.GetUtcNow().UtcDateTime;
        var saved = await db.NotificationPreferences.Where(p => p.UserId == userId).ToDictionaryAsync(p => p.Kind, ct);
        foreach (var (kind, channels) in updates)
        {
            if (!saved.TryGetValue(kind, out var row))
            {
                var d = ChannelChoice.DefaultFor(kind);
                row = new NotificationPreference { UserId = userId, Kind = kind, Sms = d.Sms, Email = d.Email, Telegram = d.Telegram };
                db.NotificationPreferences.Add(row);
                saved[kind] = row;
            }
            if (channels.TryGetValue("sms", out var sms)) row.Sms = sms;
            if (channels.TryGetValue("email", out var mail)) row.Email = mail;
            if (channels.TryGetValue("telegram", out var tg)) row.Telegram = tg;
            row.UpdatedAt = now;
        }
        if (change.EmailGiven && user.Email != address)
        {
            user.Email = address;
            user.NormalizedEmail = address?.ToUpperInvariant();
            user.EmailConfirmed = false;
        }
        await db.SaveChangesAsync(ct);
        return Result.Ok();
    }

    /// <summary>One plain address (<c>name@domain.tld</c>), no display name, no list.</summary>
    public static bool IsEmail(string value) =>
        value.Length <= EmailMaxLength
        && MailAddress.TryCreate(value, out var parsed)
        && parsed.Address == value
        && parsed.Host.Contains('.', StringComparison.Ordinal)
        && !parsed.Host.EndsWith('.');
}
