using System.Globalization;
using System.Security.Cryptography;
using Dorixona.Core.Identity;
using Dorixona.Core.Notifications;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace Dorixona.Web.Infrastructure;

/// <summary>
/// The SMS code staff may add to their sign-in (Identity's <c>TwoFactorEnabled</c> and its phone token provider, decision
/// 0031). The web keeps the half-signed-in person in Identity's two-factor cookie; the API hands out a short-lived
/// protected ticket instead, which the code step sends back.
/// </summary>
public sealed class SecondFactor(UserManager<AppUser> users, INotificationService notifications, IDataProtectionProvider protection)
{
    public static readonly string Provider = TokenOptions.DefaultPhoneProvider;
    public static readonly TimeSpan TicketLifetime = TimeSpan.FromMinutes(5);

    private readonly ITimeLimitedDataProtector _tickets = protection.CreateProtector("Dorixona.SecondFactor.v1").ToTimeLimitedDataProtector();

    public async Task<bool> IsRequiredAsync(AppUser user) =>
        await users.GetTwoFactorEnabledAsync(user) && (await users.GetValidTwoFactorProvidersAsync(user)).Contains(Provider);

    /// <summary>Texts the code; it lives a few minutes and dies with the security stamp (sign-out, password change).</summary>
    public async Task SendCodeAsync(AppUser user, CancellationToken ct = default)
    {
        var code = await users.GenerateTwoFactorTokenAsync(user, Provider);
        await notifications.QueueSmsAsync(user.PhoneNumber!, OneTimeCodeMessages.SignInCode(code, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName), sensitive: true, ct);
    }

    public async Task<bool> CheckCodeAsync(AppUser user, string? code) =>
        !string.IsNullOrWhiteSpace(code) && code.Trim().Length <= 16 && await users.VerifyTwoFactorTokenAsync(user, Provider, code.Trim());

    public string Ticket(AppUser user) => _tickets.Protect($"{user.Id:N}|{user.SecurityStamp}", TicketLifetime);

    /// <summary>The user a ticket was issued to, while it lives and the user's stamp is unchanged.</summary>
    public async Task<AppUser?> FromTicketAsync(string? ticket)
    {
        if (string.IsNullOrEmpty(ticket) || ticket.Length > 2048) return null;
        string payload;
        try
        {
            payload = _tickets.Unprotect(ticket);
        }
        catch (CryptographicException)
        {
            return null;
        }
        var parts = payload.Split('|');
        if (parts.Length != 2 || !Guid.TryParseExact(parts[0], "N", out var id)) return null;
        var user = await users.FindByIdAsync(id.ToString());
        return user is not null && user.SecurityStamp == parts[1] ? user : null;
    }
}
