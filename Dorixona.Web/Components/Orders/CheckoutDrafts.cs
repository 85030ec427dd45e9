using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Dorixona.Web.Components.Orders;

/// <summary>
/// What a customer has entered at checkout, kept in an encrypted, HttpOnly session cookie bound to their account
/// (decision 0043): a prescription upload, a validation error, signing out and in again, or a fresh visit from the cart
/// brings back the address, the way, the payment and the note. A cookie rather than a table: nothing to clean up,
/// and another person signing in on the same browser never sees it. A guest's draft is bound to their cart cookie and
/// passes to the account that cart merges into at sign-in (<see cref="Adopt"/>, decision 0053).
/// </summary>
public sealed class CheckoutDrafts(IDataProtectionProvider protection, IWebHostEnvironment environment)
{
    public const string CookieName = "dx.checkout";
    private readonly IDataProtector protector = protection.CreateProtector("Dorixona.Checkout.Draft.v1");

    public void Save(HttpContext http, Guid userId, CheckoutForm form)
    {
        if (userId == Guid.Empty) return;
        Write(http, new Draft(userId, form.ToFields()));
    }

    /// <summary>A guest's draft, bound to their cart (the <c>dx.cart</c> token): only that cart's sign-in adopts it.</summary>
    public void SaveForGuest(HttpContext http, string guestToken, CheckoutForm form) =>
        Write(http, new Draft(Guid.Empty, form.ToFields(), GuestKey(guestToken)));

    public CheckoutForm? Load(HttpContext http, Guid userId) =>
        userId != Guid.Empty && Read(http) is { } draft && draft.User == userId ? CheckoutForm.FromFields(draft.Fields) : null;

    public CheckoutForm? LoadForGuest(HttpContext http, string guestToken) =>
        Read(http) is { User: var user, Guest: { } guest } draft && user == Guid.Empty && guest == GuestKey(guestToken)
            ? CheckoutForm.FromFields(draft.Fields) : null;

    /// <summary>At sign-in, as the guest's cart merges into the account: the guest's draft becomes the account's.</summary>
    public void Adopt(HttpContext http, string guestToken, Guid userId)
    {
        if (LoadForGuest(http, guestToken) is { } form) Save(http, userId, form);
    }

    private void Write(HttpContext http, Draft draft)
    {
        if (http.Response.HasStarted) return;
        http.Response.Cookies.Append(CookieName, protector.Protect(JsonSerializer.Serialize(draft)), Options());
    }

    private Draft? Read(HttpContext http)
    {
        if (http.Request.Cookies[CookieName] is not { Length: > 0 and < 4096 } cookie) return null;
        try
        {
            return JsonSerializer.Deserialize<Draft>(protector.Unprotect(cookie));
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException)
        {
            return null; // an old key or a cookie we did not write: start afresh
        }
    }

    // The cart token is a secret of its own cookie; the draft keeps only a hash of it.
    private static string GuestKey(string token) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token)))[..32];

    public void Clear(HttpContext http)
    {
        if (!http.Response.HasStarted && http.Request.Cookies.ContainsKey(CookieName)) http.Response.Cookies.Delete(CookieName, Options());
    }

    private CookieOptions Options() => new()
    {
        HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = !environment.IsDevelopment(), IsEssential = true, Path = "/",
    };

    private sealed record Draft(Guid User, Dictionary<string, string?> Fields, string? Guest = null);
}
