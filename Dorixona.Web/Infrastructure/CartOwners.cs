using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Dorixona.Core.Orders;

namespace Dorixona.Web.Infrastructure;

/// <summary>
/// Whose cart a request means: the signed-in user's, else the guest's named by the <c>dx.cart</c> cookie
/// (a random token, created on the first add). At sign-in the guest cart merges into the account and the
/// cookie goes away.
/// </summary>
public sealed class CartOwners(IWebHostEnvironment environment, Components.Orders.CheckoutDrafts drafts)
{
    public const string CookieName = "dx.cart";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    /// <summary>The request's cart owner; empty for a guest who has never added anything.</summary>
    public CartOwner Current(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated == true) return CartOwner.User(http.User.UserId());
        return GuestToken(http) is { } token ? CartOwner.Guest(token) : new CartOwner(null, null);
    }

    /// <summary>As <see cref="Current"/>, but gives a guest a cart cookie when they have none yet.</summary>
    public CartOwner CurrentOrNew(HttpContext http)
    {
        var owner = Current(http);
        if (!owner.IsEmpty) return owner;
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        http.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = !environment.IsDevelopment(), IsEssential = true,
            MaxAge = Lifetime, Path = "/",
        });
        http.Items[CookieName] = token; // later reads in this request see the new cart
        return CartOwner.Guest(token);
    }

    /// <summary>Call right after a cookie sign-in: the guest's lines join the account's cart.</summary>
    public async Task MergeAtSignInAsync(HttpContext http, Guid userId, CartService carts, CancellationToken ct = default)
    {
        if (GuestToken(http) is not { } token) return;
        await carts.MergeAsync(token, userId, ct);
        drafts.Adopt(http, token, userId); // what the guest entered at checkout comes along with the cart
        http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/", Secure = !environment.IsDevelopment(), SameSite = SameSiteMode.Lax, HttpOnly = true });
    }

    /// <summary>The guest's cart token, when this request has one (signed-in people have none).</summary>
    public static string? GuestToken(HttpContext http)
    {
        var token = http.Items[CookieName] as string ?? http.Request.Cookies[CookieName];
        // Only what we issue: 32 random bytes in base64url.
        return token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? token : null;
    }
}
