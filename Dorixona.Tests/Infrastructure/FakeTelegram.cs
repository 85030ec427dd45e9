using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dorixona.Tests.Infrastructure;

/// <summary>One Bot API call the fake answered.</summary>
public sealed record TelegramCall(string Method, long ChatId, string Text, int StatusCode);

/// <summary>
/// A stand-in for api.telegram.org on a loopback socket, speaking the documented Bot API: <c>POST /bot{token}/{method}</c>
/// with JSON or form parameters, answered <c>{"ok":true,"result":…}</c> or <c>{"ok":false,"error_code":…,"description":…}</c>.
/// It knows <c>sendMessage</c>; the test can fail the next sends (500) or have a chat block the bot (403).
/// </summary>
public sealed class FakeTelegram : IAsyncDisposable
{
    public const string Token = "123456789:AAFakeTokenForTests_abcdefghijklmno";
    public const string Bot = "dorixona_test_bot";
    public const string WebhookSecret = "webhook-secret-for-tests";

    private readonly Lock _gate = new();
    private readonly List<TelegramCall> _calls = [];
    private readonly HashSet<long> _blocked = [];
    private int _failNext;
    private int _nextId = 100;
    private WebApplication? _app;

    private FakeTelegram() { }

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<TelegramCall> Calls { get { lock (_gate) return [.. _calls]; } }
    public IReadOnlyList<TelegramCall> Delivered => Calls.Where(c => c.StatusCode == StatusCodes.Status200OK).ToList();

    public IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Telegram:BotToken", Token),
        new("Telegram:BotUsername", Bot),
        new("Telegram:ApiBaseUrl", BaseUrl.ToString().TrimEnd('/')),
        new("Telegram:WebhookSecret", WebhookSecret),
        new("Telegram:TimeoutSeconds", "5"),
    ];

    public static async Task<FakeTelegram> StartAsync()
    {
        var fake = new FakeTelegram();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/bot{token}/{method}", (Func<HttpContext, string, string, Task<IResult>>)fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        fake._app = app;
        return fake;
    }

    public void FailNextSends(int count)
    {
        lock (_gate) _failNext = count;
    }

    public void Block(long chatId)
    {
        lock (_gate) _blocked.Add(chatId);
    }

    private async Task<IResult> HandleAsync(HttpContext http, string token, string method)
    {
        if (token != Token) return Error(401, "Unauthorized");
        if (!string.Equals(method, "sendMessage", StringComparison.OrdinalIgnoreCase)) return Error(404, "Not Found: method not found");
        long chatId;
        string text;
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            chatId = long.Parse(form["chat_id"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            text = form["text"].ToString();
        }
        else
        {
            var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            chatId = body!["chat_id"]!.GetValue<JsonElement>() is { ValueKind: JsonValueKind.Number } n ? n.GetInt64()
                : long.Parse(body["chat_id"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            text = body["text"]?.GetValue<string>() ?? "";
        }
        lock (_gate)
        {
            if (_blocked.Contains(chatId))
            {
                _calls.Add(new TelegramCall(method, chatId, text, 403));
                return Error(403, "Forbidden: bot was blocked by the user");
            }
            if (_failNext > 0)
            {
                _failNext--;
                _calls.Add(new TelegramCall(method, chatId, text, 500));
                return Error(500, "Internal Server Error");
            }
            _calls.Add(new TelegramCall(method, chatId, text, 200));
            var id = ++_nextId;
            return Results.Json(new
            {
                ok = true,
                result = new { message_id = id, date = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), chat = new { id = chatId, type = "private" }, text },
            });
        }
    }

    private static IResult Error(int code, string description) =>
        Results.Json(new { ok = false, error_code = code, description }, statusCode: code);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
