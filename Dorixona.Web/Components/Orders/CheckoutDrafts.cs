using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Dorixona.Web.Components.Orders;

/// <summary>
/// What a customer has entered at checkout, kept in an encrypted, HttpOnly session cookie bound to their account
/// (decision 0043): a prescription upload, a validation error, signing out and in again, or a fresh visit from the cart
/// brings back the address, the way, the payment and the note. A cookie rather than a table: nothing to clean up,
/// and another person signing in on the same browser never sees it.
/// </summary>
public sealed class CheckoutDrafts(IDataProtectionProvider protection, IWebHostEnvironment environment)
{
    public const string CookieName = "dx.checkout";
    private readonly IDataProtector protector = protection.CreateProtector("Dorixona.Checkout.Draft.v1");

    public void Save(HttpContext http, Guid userId, CheckoutForm form)
    {
        if (userId == Guid.Empty || http.Response.HasStarted) return;
        var json = JsonSerializer.Serialize(new Draft(userId, form.ToFields()));
        http.Response.Cookies.Append(CookieName, protector.Protect(json), Options());
    }

    public CheckoutForm? Load(HttpContext http, Guid userId)
    {
        if (userId == Guid.Empty || http.Request.Cookies[CookieName] is not { Length: > 0 and < 4096 } cookie) return null;
        try
        {
            var draft = JsonSerializer.Deserialize<Draft>(protector.Unprotect(cookie));
            return draft is not null && draft.User == userId ? CheckoutForm.FromFields(draft.Fields) : null;
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException)
        {
            return null; // an old key or a cookie we did not write: start afresh
        }
    }

    public void Clear(HttpContext http)
    {
        if (!http.Response.HasStarted && http.Request.Cookies.ContainsKey(CookieName)) http.Response.Cookies.Delete(CookieName, Options());
    }

    private CookieOptions Options() => new()
    {
        HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = !environment.IsDevelopment(), IsEssential = true, Path = "/",
    };

    private sealed record Draft(Guid User, Dictionary<string, string?> Fields);
}
