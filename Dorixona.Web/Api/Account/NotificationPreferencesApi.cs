using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dorixona.Core.Common;
using Dorixona.Core.Notifications;
using Dorixona.Web.Components.Shared;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Dorixona.Web.Api.Account;

/// <summary>One kind's channels as the API shows them; <c>inApp</c> is always true.</summary>
public sealed record ChannelsJson(bool InApp, bool Sms, bool Email, bool Telegram);

/// <summary>Which channels the shop can use at all (e-mail and Telegram are off until configured).</summary>
public sealed record AvailableChannels(bool Sms, bool Email, bool Telegram);

public sealed record PreferencesResponse(
    IReadOnlyDictionary<string, ChannelsJson> Kinds, string? Email, bool TelegramLinked, AvailableChannels Available);

/// <summary><c>kinds</c>: kind → channel → on; what is left out keeps its value. <c>email</c>: left out keeps it, null or "" clears it.</summary>
public sealed record PreferencesPut(Dictionary<string, Dictionary<string, bool>>? Kinds, JsonElement Email);

public sealed record TelegramLinkResponse(string Url, DateTime ExpiresAt);

/// <summary>
/// The signed-in customer's channels (decision 0061): <c>GET|PUT /api/v1/me/notification-preferences</c>,
/// <c>POST|DELETE /api/v1/me/telegram-link</c>; and the bot's webhook, <c>POST /api/v1/telegram/webhook</c>.
/// </summary>
public static class NotificationPreferencesApi
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public static void MapNotificationPreferencesApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me").WithTags("Me").RequireAuthorization().DisableAntiforgery();

        me.MapGet("/notification-preferences", async Task<Results<Ok<PreferencesResponse>, NotFound>> (HttpContext http, NotificationPreferences prefs) =>
            await prefs.GetAsync(http.User.UserId(), http.RequestAborted) is { } view ? TypedResults.Ok(ToResponse(view)) : TypedResults.NotFound());

        me.MapPut("/notification-preferences", async Task<Results<Ok<PreferencesResponse>, ProblemHttpResult, NotFound>> (
            PreferencesPut body, HttpContext http, NotificationPreferences prefs, IStringLocalizer<SharedStrings> L) =>
        {
            var emailGiven = body.Email.ValueKind != JsonValueKind.Undefined;
            if (emailGiven && body.Email.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                return ApiProblems.Validation(L, [new FieldError("email", "email.invalid")]);
            var kinds = body.Kinds?.ToDictionary(k => k.Key, k => (IReadOnlyDictionary<string, bool>)k.Value);
            var change = new PreferencesChange(kinds, emailGiven, body.Email.ValueKind == JsonValueKind.String ? body.Email.GetString() : null);
            var userId = http.User.UserId();
            var result = await prefs.SaveAsync(userId, change, http.RequestAborted);
            if (!result.Succeeded)
                return result.Errors.Any(e => e.Code == "account.notFound") ? TypedResults.NotFound() : ApiProblems.Validation(L, result.Errors);
            return TypedResults.Ok(ToResponse((await prefs.GetAsync(userId, http.RequestAborted))!));
        });

        me.MapPost("/telegram-link", async Task<Results<Ok<TelegramLinkResponse>, ProblemHttpResult>> (
            HttpContext http, TelegramLinking linking, IStringLocalizer<SharedStrings> L) =>
        {
            var result = await linking.StartAsync(http.User.UserId(), http.RequestAborted);
            return result.Succeeded
                ? TypedResults.Ok(new TelegramLinkResponse(result.Value!.Url, result.Value.ExpiresAt))
                : ApiProblems.Validation(L, result.Errors, StatusCodes.Status409Conflict);
        });

        me.MapDelete("/telegram-link", async (HttpContext http, TelegramLinking linking) =>
        {
            await linking.UnlinkAsync(http.User.UserId(), http.RequestAborted);
            return TypedResults.NoContent();
        });

        app.MapPost("/api/v1/telegram/webhook", WebhookAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
    }

    /// <summary>
    /// Telegram calls this for each update, with the secret given to <c>setWebhook</c> in <see cref="SecretHeader"/>. Any
    /// instance may take it: the start code is taken in the database. Every authenticated call answers 200, so Telegram
    /// does not resend an update the bot simply ignores.
    /// </summary>
    private static async Task<IResult> WebhookAsync(HttpContext http, IOptions<TelegramOptions> options, TelegramLinking linking)
    {
        var o = options.Value;
        if (!o.Enabled || string.IsNullOrEmpty(o.WebhookSecret)) return TypedResults.NotFound();
        var given = Encoding.UTF8.GetBytes(http.Request.Headers[SecretHeader].ToString());
        if (!CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(o.WebhookSecret))) return TypedResults.Unauthorized();

        Update? update;
        try
        {
            update = await JsonSerializer.DeserializeAsync<Update>(http.Request.Body, JsonBotAPI.Options, http.RequestAborted);
        }
        catch (JsonException)
        {
            return TypedResults.BadRequest();
        }
        if (update?.Message is { Chat.Type: Telegram.Bot.Types.Enums.ChatType.Private } message)
            await linking.ReceiveAsync(message.Chat.Id, message.Text, message.From?.LanguageCode, http.RequestAborted);
        return TypedResults.Ok();
    }

    private static PreferencesResponse ToResponse(PreferencesView v) => new(
        v.Kinds.ToDictionary(k => k.Key, k => new ChannelsJson(true, k.Value.Sms, k.Value.Email, k.Value.Telegram)),
        v.Email, v.TelegramLinked, new AvailableChannels(true, v.EmailAvailable, v.TelegramAvailable));
}
