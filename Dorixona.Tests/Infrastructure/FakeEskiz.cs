using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dorixona.Tests.Infrastructure;

/// <summary>One <c>/api/message/sms/send</c> call that passed authorisation, and how it was answered.</summary>
public sealed record ReceivedSms(string MobilePhone, string Message, string From, string Token, int StatusCode);

/// <summary>
/// A stand-in for notify.eskiz.uz on a real loopback socket, speaking its documented protocol:
/// <c>POST /api/auth/login</c> (form email, password) gives a bearer token; <c>POST /api/message/sms/send</c>
/// (form mobile_phone as digits, message, from) answers <c>{"id","message","status":"waiting"}</c>, or 401
/// when the token is missing or expired. The test can expire tokens, fail sends, slow them down or hold one.
/// </summary>
public sealed class FakeEskiz : IAsyncDisposable
{
    public const string Email = "shop@dorixona.uz";
    public const string Password = "eskiz-secret";

    private readonly Lock _gate = new();
    private readonly HashSet<string> _tokens = [];
    private readonly List<ReceivedSms> _received = [];
    private readonly Dictionary<string, HeldSend> _holds = [];
    private readonly List<HeldSend> _allHolds = [];
    private WebApplication? _app;
    private int _failNext;
    private TimeSpan _delay;
    private int _logins;
    private int _rejectedLogins;
    private int _unauthorizedSends;

    private FakeEskiz() { }

    public Uri BaseUrl { get; private set; } = null!;

    public int Logins { get { lock (_gate) return _logins; } }
    public int RejectedLogins { get { lock (_gate) return _rejectedLogins; } }
    public int UnauthorizedSends { get { lock (_gate) return _unauthorizedSends; } }
    public IReadOnlyList<ReceivedSms> Received { get { lock (_gate) return [.. _received]; } }
    public IReadOnlyList<ReceivedSms> Delivered => Received.Where(s => s.StatusCode == StatusCodes.Status200OK).ToList();

    /// <summary>Settings that point Core's Eskiz sender here.</summary>
    public IEnumerable<KeyValuePair<string, string?>> SenderSettings(string from = "4546", string password = Password, int timeoutSeconds = 5) =>
    [
        new("Sms:Provider", "Eskiz"),
        new("Sms:Eskiz:BaseUrl", BaseUrl.ToString()),
        new("Sms:Eskiz:Email", Email),
        new("Sms:Eskiz:Password", password),
        new("Sms:Eskiz:From", from),
        new("Sms:Eskiz:TimeoutSeconds", timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    public static async Task<FakeEskiz> StartAsync()
    {
        var fake = new FakeEskiz();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/api/auth/login", (Func<HttpContext, Task<IResult>>)fake.LoginAsync);
        app.MapPost("/api/message/sms/send", (Func<HttpContext, Task<IResult>>)fake.SendAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        fake.BaseUrl = new Uri(address);
        fake._app = app;
        return fake;
    }

    /// <summary>Every token handed out so far stops working, as Eskiz's do after about 30 days.</summary>
    public void ExpireTokens()
    {
        lock (_gate) _tokens.Clear();
    }

    public void FailNextSends(int count)
    {
        lock (_gate) _failNext = count;
    }

    public void DelaySends(TimeSpan delay)
    {
        lock (_gate) _delay = delay;
    }

    /// <summary>The next send to this number waits (before it is answered) until the test releases it.</summary>
    public HeldSend HoldNextSendTo(string mobilePhone)
    {
        var hold = new HeldSend();
        lock (_gate)
        {
            _holds[mobilePhone] = hold;
            _allHolds.Add(hold);
        }
        return hold;
    }

    private async Task<IResult> LoginAsync(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        lock (_gate)
        {
            if (form["email"] != Email || form["password"] != Password)
            {
                _rejectedLogins++;
                return Results.Json(new { message = "Incorrect email or password", status = "error" }, statusCode: StatusCodes.Status401Unauthorized);
            }
            var token = "token-" + Guid.NewGuid().ToString("N");
            _tokens.Add(token);
            _logins++;
            return Results.Json(new { message = "token_generated", data = new { token }, token_type = "bearer" });
        }
    }

    private async Task<IResult> SendAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null;
        lock (_gate)
        {
            if (token is null || !_tokens.Contains(token))
            {
                _unauthorizedSends++;
                return Results.Json(new { status = "token-invalid", message = "Expired" }, statusCode: StatusCodes.Status401Unauthorized);
            }
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var mobile = form["mobile_phone"].ToString();
        var sms = new ReceivedSms(mobile, form["message"].ToString(), form["from"].ToString(), token, 0);
        if (mobile.Length != 12 || !mobile.All(char.IsAsciiDigit))
        {
            Record(sms with { StatusCode = StatusCodes.Status422UnprocessableEntity });
            return Results.Json(new { status = "error", message = "mobile_phone must be 12 digits" }, statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        HeldSend? hold;
        TimeSpan delay;
        lock (_gate)
        {
            _holds.Remove(mobile, out hold);
            delay = _delay;
        }
        if (hold is not null)
        {
            hold.Arrive();
            await hold.Released.WaitAsync(http.RequestAborted);
        }
        if (delay > TimeSpan.Zero) await Task.Delay(delay, http.RequestAborted);

        bool fail;
        lock (_gate)
        {
            fail = _failNext > 0;
            if (fail) _failNext--;
            _received.Add(sms with { StatusCode = fail ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK });
        }
        return fail
            ? Results.Json(new { message = "Server Error" }, statusCode: StatusCodes.Status500InternalServerError)
            : Results.Json(new { id = Guid.NewGuid().ToString(), message = "Waiting for SMS provider", status = "waiting" });
    }

    private void Record(ReceivedSms sms)
    {
        lock (_gate) _received.Add(sms);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            // A test that failed half-way must not leave a request hanging in shutdown.
            foreach (var hold in _allHolds) hold.Release();
        }
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

public sealed class HeldSend
{
    private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the held request has reached the gateway.</summary>
    public Task Arrived => _arrived.Task;

    internal Task Released => _released.Task;

    internal void Arrive() => _arrived.TrySetResult();

    public void Release() => _released.TrySetResult();
}
