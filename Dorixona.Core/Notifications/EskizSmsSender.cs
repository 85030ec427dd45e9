using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Notifications;

/// <summary>
/// Eskiz (notify.eskiz.uz), the SMS gateway most Uzbek shops use. Protocol: <c>POST /api/auth/login</c>
/// (form: email, password) gives a bearer token, valid about 30 days; <c>POST /api/message/sms/send</c>
/// (form: mobile_phone without '+', message, from) answers <c>{"id", "message", "status": "waiting"}</c>.
/// A 401 means the token expired: log in again once, then retry the send.
/// </summary>
public sealed class EskizSmsSender(HttpClient http, IOptions<SmsOptions> options, ILogger<EskizSmsSender> logger) : ISmsSender, IDisposable
{
    private readonly SemaphoreSlim _loginLock = new(1, 1);
    private string? _token;

    public async Task<SmsSendResult> SendAsync(string phone, string text, CancellationToken cancellationToken)
    {
        var token = _token ?? await LoginAsync(null, cancellationToken);
        using var response = await PostSendAsync(token, phone, text, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            token = await LoginAsync(token, cancellationToken);
            using var retry = await PostSendAsync(token, phone, text, cancellationToken);
            return await ReadSendAsync(retry, cancellationToken);
        }
        return await ReadSendAsync(response, cancellationToken);
    }

    private async Task<HttpResponseMessage> PostSendAsync(string token, string phone, string text, CancellationToken ct)
    {
        var o = options.Value.Eskiz;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(o.BaseUrl, "/api/message/sms/send"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["mobile_phone"] = phone.TrimStart('+'),
                ["message"] = text,
                ["from"] = o.From,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            return await http.SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new SmsSendException("Eskiz could not be reached: " + e.Message, e);
        }
    }

    private static async Task<SmsSendResult> ReadSendAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new SmsSendException($"Eskiz refused the message: HTTP {(int)response.StatusCode} {Truncate(body)}");
        }
        var answer = await response.Content.ReadFromJsonAsync<SendAnswer>(ct);
        if (answer is null || answer.Status is "error" or "failed")
            throw new SmsSendException($"Eskiz refused the message: {answer?.Message}");
        return new SmsSendResult(answer.Id);
    }

    private async Task<string> LoginAsync(string? staleToken, CancellationToken ct)
    {
        await _loginLock.WaitAsync(ct);
        try
        {
            if (_token is not null && _token != staleToken) return _token;
            var o = options.Value.Eskiz;
            using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = o.Email, ["password"] = o.Password });
            HttpResponseMessage response;
            try
            {
                response = await http.PostAsync(new Uri(o.BaseUrl, "/api/auth/login"), content, ct);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                throw new SmsSendException("Eskiz could not be reached: " + e.Message, e);
            }
            using (response)
            {
                if (!response.IsSuccessStatusCode)
                    throw new SmsSendException($"Eskiz login failed: HTTP {(int)response.StatusCode}");
                var answer = await response.Content.ReadFromJsonAsync<LoginAnswer>(ct);
                var token = answer?.Data?.Token;
                if (string.IsNullOrEmpty(token)) throw new SmsSendException("Eskiz login answered without a token");
                logger.LogInformation("Signed in to the Eskiz SMS gateway");
                _token = token;
                return token;
            }
        }
        finally
        {
            _loginLock.Release();
        }
    }

    public void Dispose() => _loginLock.Dispose();

    private static string Truncate(string s) => s.Length <= 300 ? s : s[..300];

    private sealed record LoginAnswer([property: JsonPropertyName("message")] string? Message, [property: JsonPropertyName("data")] LoginData? Data);
    private sealed record LoginData([property: JsonPropertyName("token")] string? Token);
    private sealed record SendAnswer(
        [property: JsonPropertyName("id")] string? Id,
        [property: JsonPropertyName("message")] string? Message,
        [property: JsonPropertyName("status")] string? Status);
}
