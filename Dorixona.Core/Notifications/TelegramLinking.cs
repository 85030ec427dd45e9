using System.Globalization;
using System.Resources;
using System.Security.Cryptography;
using System.Text;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Notifications;

/// <summary>
/// Links a customer's Telegram chat (decision 0061). The profile asks for a one-time start code and shows
/// <c>https://t.me/{bot}?start={code}</c>; Telegram sends <c>/start {code}</c> to the webhook, and the code is taken with
/// one conditional DELETE, so two instances receiving the same update (Telegram retries) link it once. Only the code's
/// SHA-256 is stored. The bot's answer goes out through the outbox like every other message.
/// </summary>
public sealed class TelegramLinking(DorixonaDbContext db, INotificationService notifications, TimeProvider clock, IOptions<TelegramOptions> options)
{
    private static readonly ResourceManager Texts = new(typeof(TelegramLinking));

    public async Task<Result<TelegramLinkOffer>> StartAsync(Guid userId, CancellationToken ct = default)
    {
        var o = options.Value;
        if (!o.Enabled) return Result<TelegramLinkOffer>.Fail(null, "telegram.off");
        var now = clock.GetUtcNow().UtcDateTime;
        // Telegram allows A-Z, a-z, 0-9, _ and - in a start parameter, up to 64 characters.
        var code = RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 24);
        await db.TelegramLinkCodes.Where(c => c.UserId == userId || c.ExpiresAt < now).ExecuteDeleteAsync(ct);
        var expires = now + o.LinkCodeLifetime;
        db.TelegramLinkCodes.Add(new TelegramLinkCode { CodeHash = Hash(code), UserId = userId, ExpiresAt = expires });
        await db.SaveChangesAsync(ct);
        return Result<TelegramLinkOffer>.Ok(new TelegramLinkOffer($"https://t.me/{o.BotUsername!.TrimStart('@')}?start={code}", expires));
    }

    /// <summary>What the bot does with a message's text from a private chat; answers the chat through the outbox.</summary>
    public async Task<TelegramStartOutcome> ReceiveAsync(long chatId, string? text, string? languageCode, CancellationToken ct = default)
    {
        var language = languageCode is "ru" or "en" ? languageCode : "uz";
        var parts = (text ?? "").Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || parts[0] != "/start" && !parts[0].StartsWith("/start@", StringComparison.Ordinal))
            return TelegramStartOutcome.NoCode;
        if (parts.Length < 2)
        {
            await ReplyAsync(chatId, "telegram.howTo", language, null, ct);
            return TelegramStartOutcome.NoCode;
        }

        var hash = Hash(parts[1]);
        var now = clock.GetUtcNow().UtcDateTime;
        var code = await db.TelegramLinkCodes.AsNoTracking().SingleOrDefaultAsync(c => c.CodeHash == hash, ct);
        // Taking the code is the one conditional statement: whoever deletes it links; an expired one is only removed.
        var taken = code is not null && await db.TelegramLinkCodes.Where(c => c.CodeHash == hash).ExecuteDeleteAsync(ct) == 1;
        if (!taken || code!.ExpiresAt <= now)
        {
            await ReplyAsync(chatId, "telegram.refused", language, null, ct);
            return TelegramStartOutcome.Refused;
        }

        var link = await db.TelegramLinks.SingleOrDefaultAsync(t => t.UserId == code.UserId, ct);
        if (link is null) db.TelegramLinks.Add(new TelegramLink { UserId = code.UserId, ChatId = chatId, LinkedAt = now });
        else
        {
            link.ChatId = chatId;
            link.LinkedAt = now;
        }
        await db.SaveChangesAsync(ct);
        var userLanguage = await db.Users.Where(u => u.Id == code.UserId).Select(u => u.PreferredCulture).SingleOrDefaultAsync(ct);
        await ReplyAsync(chatId, "telegram.linked", userLanguage ?? language, code.UserId, ct);
        return TelegramStartOutcome.Linked;
    }

    /// <returns>Whether a chat was linked.</returns>
    public async Task<bool> UnlinkAsync(Guid userId, CancellationToken ct = default)
    {
        await db.TelegramLinkCodes.Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
        return await db.TelegramLinks.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct) > 0;
    }

    private Task ReplyAsync(long chatId, string key, string language, Guid? userId, CancellationToken ct) =>
        notifications.QueueAsync(OutboxChannel.Telegram, chatId.ToString(CultureInfo.InvariantCulture), null,
            Texts.Text(key, language), userId, ct);

    internal static string Hash(string code) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
}

public sealed record TelegramLinkOffer(string Url, DateTime ExpiresAt);

public enum TelegramStartOutcome
{
    Linked,
    /// <summary>No such code, used already, or expired: all answer the same.</summary>
    Refused,
    /// <summary><c>/start</c> without a code: the bot says how to link.</summary>
    NoCode,
}
