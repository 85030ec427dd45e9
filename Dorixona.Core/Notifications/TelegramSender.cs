using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace Dorixona.Core.Notifications;

/// <summary>
/// <c>Telegram:*</c>: the shop's bot. Off while <see cref="BotToken"/> or <see cref="BotUsername"/> is empty. The token
/// and <see cref="WebhookSecret"/> come from secrets or the environment (<c>Telegram__BotToken</c>), never appsettings.json.
/// </summary>
public sealed class TelegramOptions
{
    public const string Section = "Telegram";

    public string? BotToken { get; set; }
    /// <summary>Without the @: the profile links to <c>https://t.me/{BotUsername}?start={code}</c>.</summary>
    public string? BotUsername { get; set; }
    /// <summary>The Bot API server; a private one (or a test's fake) in place of api.telegram.org.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";
    /// <summary>Telegram sends it in <c>X-Telegram-Bot-Api-Secret-Token</c> on every webhook call (set with <c>setWebhook</c>).</summary>
    public string? WebhookSecret { get; set; }
    /// <summary>How long a start code from the profile may be used.</summary>
    public TimeSpan LinkCodeLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public int TimeoutSeconds { get; set; } = 15;

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken) && !string.IsNullOrWhiteSpace(BotUsername);
}

/// <summary>
/// The Telegram channel: <c>sendMessage</c> through Telegram.Bot. A 403 (the customer blocked the bot) or a chat that no
/// longer exists is permanent; 429 and server errors are retried by the outbox, not by the library.
/// </summary>
public sealed class TelegramChannelSender(HttpClient http, IOptions<TelegramOptions> options) : IChannelSender
{
    public OutboxChannel Channel => OutboxChannel.Telegram;

    public async Task<string?> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.Enabled) throw new ChannelSendException("Telegram is not configured (Telegram:BotToken is empty)");
        if (!long.TryParse(message.Recipient, System.Globalization.CultureInfo.InvariantCulture, out var chatId))
            throw new ChannelSendException("Not a Telegram chat id", permanent: true);
        var bot = new TelegramBotClient(new TelegramBotClientOptions(o.BotToken!, o.ApiBaseUrl) { RetryCount = 0 }, http, cancellationToken);
        try
        {
            var sent = await bot.SendMessage(chatId, message.Body, cancellationToken: cancellationToken);
            return sent.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (ApiRequestException e)
        {
            var permanent = e.ErrorCode == 403 || e.ErrorCode == 400 && e.Message.Contains("chat not found", StringComparison.OrdinalIgnoreCase);
            throw new ChannelSendException($"Telegram refused the message: {e.ErrorCode} {e.Message}", permanent, e);
        }
        catch (RequestException e)
        {
            throw new ChannelSendException("Telegram could not be reached: " + e.Message, e);
        }
        catch (Exception e) when (e is HttpRequestException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ChannelSendException("Telegram could not be reached: " + e.Message, e);
        }
    }
}
