using Dorixona.Core.Common;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dorixona.Core.Payments;
using Dorixona.Core.Payments.Click;
using Dorixona.Core.Payments.Payme;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Dorixona.Web.Api.Providers;

/// <summary>
/// Development/Demo only (<c>Payments:Simulator</c>; Production refuses to start with it on): plays Payme or Click against
/// our own webhook URLs over real HTTP, correctly signed, then sends the payer back to the return URL of the checkout link.
/// </summary>
public sealed class PaymentSimulator(IHttpClientFactory clients, IOptions<PaymentsOptions> options, IServer server, TimeProvider clock, ILogger<PaymentSimulator> logger)
{
    public const string HttpClientName = "payment-simulator";

    /// <summary>
    /// Where our own webhooks are: <c>Payments:PublicBaseUrl</c>, else the address this process listens on (a wildcard
    /// host taken as loopback). Never the request's Host header: a forged one would send correctly signed calls elsewhere.
    /// </summary>
    public string? SiteAddress()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl)) return options.Value.PublicBaseUrl.TrimEnd('/');
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var listening = addresses.Select(a => Uri.TryCreate(a.Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var u) ? u : null)
            .Where(u => u is not null && u.Scheme is "http" or "https")
            .OrderBy(u => u!.Scheme == "http" ? 0 : 1) // plain HTTP on our own socket needs no certificate trust
            .FirstOrDefault();
        if (listening is null) return null;
        var host = listening.Host is "0.0.0.0" ? "127.0.0.1" : listening.Host is "[::]" or "::" ? "[::1]" : listening.Host;
        return $"{listening.Scheme}://{host}:{listening.Port}";
    }

    /// <summary>CheckPerform, Create, then Perform (success) or Cancel (failure: reason 2 debit error; cancel: reason 3).</summary>
    public async Task<IReadOnlyList<string>> PlayPaymeAsync(string site, long orderId, long tiyin, string outcome, CancellationToken ct)
    {
        var key = options.Value.Payme.ActiveKey;
        var auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{PaymeMerchant.Login}:{key}")));
        var account = new Dictionary<string, object> { [PaymeMerchant.AccountField] = orderId.ToString(CultureInfo.InvariantCulture) };
        var paymeId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..24];
        var steps = new List<string>();
        var rpc = 0;

        async Task<JsonElement> Call(string method, object @params)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, site + "/api/payments/payme")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { method, @params, id = ++rpc }), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = auth;
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, ct);
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone();
            steps.Add($"{method}: {(json.TryGetProperty("error", out var e) ? "error " + e.GetProperty("code").GetInt32() : "ok")}");
            return json;
        }

        if ((await Call("CheckPerformTransaction", new { amount = tiyin, account })).TryGetProperty("error", out _)) return steps;
        var time = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if ((await Call("CreateTransaction", new { id = paymeId, time, amount = tiyin, account })).TryGetProperty("error", out _)) return steps;
        if (outcome == "success") await Call("PerformTransaction", new { id = paymeId });
        else await Call("CancelTransaction", new { id = paymeId, reason = outcome == "failure" ? 2 : 3 });
        return steps;
    }

    /// <summary>Prepare, then Complete with error 0 (success), -5017 (failure: not enough money) or -1 (cancelled by the payer).</summary>
    public async Task<IReadOnlyList<string>> PlayClickAsync(string site, string orderId, string amount, string outcome, CancellationToken ct)
    {
        var o = options.Value.Click;
        var clickTransId = Random.Shared.NextInt64(1_000_000, 9_999_999_999).ToString(CultureInfo.InvariantCulture);
        var paydoc = Random.Shared.NextInt64(1_000_000, 9_999_999_999).ToString(CultureInfo.InvariantCulture);
        var signTime = Tashkent.ToLocal(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var steps = new List<string>();

        async Task<JsonElement> Post(string path, Dictionary<string, string> form)
        {
            using var response = await clients.CreateClient(HttpClientName).PostAsync(site + path, new FormUrlEncodedContent(form), ct);
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone();
            steps.Add($"{path}: error {json.GetProperty("error").GetInt32()}");
            return json;
        }

        var prepare = await Post("/api/payments/click/prepare", new()
        {
            ["click_trans_id"] = clickTransId, ["service_id"] = o.ServiceId, ["click_paydoc_id"] = paydoc, ["merchant_trans_id"] = orderId,
            ["amount"] = amount, ["action"] = "0", ["error"] = "0", ["error_note"] = "Success", ["sign_time"] = signTime,
            ["sign_string"] = ClickSign.Prepare(clickTransId, o.ServiceId, o.SecretKey, orderId, amount, "0", signTime),
        });
        if (prepare.GetProperty("error").GetInt32() != 0) return steps;
        var prepareId = prepare.GetProperty("merchant_prepare_id").GetInt64().ToString(CultureInfo.InvariantCulture);
        var error = outcome switch { "success" => "0", "failure" => "-5017", _ => "-1" };
        await Post("/api/payments/click/complete", new()
        {
            ["click_trans_id"] = clickTransId, ["service_id"] = o.ServiceId, ["click_paydoc_id"] = paydoc, ["merchant_trans_id"] = orderId,
            ["merchant_prepare_id"] = prepareId, ["amount"] = amount, ["action"] = "1", ["error"] = error,
            ["error_note"] = error == "0" ? "Success" : "Payment failed", ["sign_time"] = signTime,
            ["sign_string"] = ClickSign.Complete(clickTransId, o.ServiceId, o.SecretKey, orderId, prepareId, amount, "1", signTime),
        });
        logger.LogInformation("Payment simulator played Click for order {OrderId}: {Outcome}", orderId, outcome);
        return steps;
    }
}

public static class PaymentSimulatorEndpoints
{
    public static void MapPaymentSimulator(this IEndpointRouteBuilder app)
    {
        app.MapPost("/dev/payments/run", async (
            [FromForm] string? provider, [FromForm] string? token, [FromForm] string? orderId, [FromForm] string? amount, [FromForm] string? returnUrl,
            [FromForm] string? outcome, HttpContext http, PaymentSimulator simulator, IOptions<PaymentsOptions> options, IHostEnvironment environment) =>
        {
            if (!PaymentsSetup.SimulatorEnabled(options, environment)) return Results.NotFound();
            outcome = outcome is "success" or "failure" or "cancel" ? outcome : "cancel";
            if (simulator.SiteAddress() is not { } site) return Results.Problem("The simulator finds no address of this site: set Payments:PublicBaseUrl.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
            string? back;
            if (provider == "payme" && PaymentLinks.ReadPaymeToken(token ?? "") is { } pairs
                && long.TryParse(pairs.GetValueOrDefault("ac." + PaymeMerchant.AccountField), NumberStyles.None, CultureInfo.InvariantCulture, out var payOrder)
                && long.TryParse(pairs.GetValueOrDefault("a"), NumberStyles.None, CultureInfo.InvariantCulture, out var tiyin))
            {
                await simulator.PlayPaymeAsync(site, payOrder, tiyin, outcome, http.RequestAborted);
                back = pairs.GetValueOrDefault("c");
            }
            else if (provider == "click" && !string.IsNullOrEmpty(orderId) && !string.IsNullOrEmpty(amount))
            {
                await simulator.PlayClickAsync(site, orderId, amount, outcome, http.RequestAborted);
                back = returnUrl;
            }
            else
            {
                return Results.BadRequest();
            }
            // Only back into this site: the path of the return URL.
            var path = Uri.TryCreate(back, UriKind.Absolute, out var uri) ? uri.PathAndQuery : back;
            return Results.LocalRedirect(AuthSetup.SafeReturnUrl(path) ?? "/");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute()).AllowAnonymous().ExcludeFromDescription();
    }
}
