using Dorixona.Core.Audit;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Core.Notifications;
using Dorixona.Core.Orders;
using Dorixona.Core.Prescriptions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dorixona.Core.Privacy;

/// <summary>
/// A customer deletes their account (decision 0057). Proven by the password or a fresh SMS code; refused while an order
/// is not finished. In one transaction with its audit entry: addresses, cart, notifications, sign-ins, prescription
/// files, language, notification preferences and the linked Telegram chat are removed; name and phone become <see cref="Marker"/>; orders, payments and what prescriptions
/// decided stay for the books with their personal fields anonymised; the security stamp changes, so every session ends.
/// The stored files go after the commit. The phone is free to register again.
/// </summary>
public sealed class AccountDeletion(
    DorixonaDbContext db,
    UserManager<AppUser> users,
    OneTimeCodeService codes,
    IFileStore files,
    IAuditLog audit,
    TimeProvider clock,
    ILogger<AccountDeletion> log)
{
    /// <summary>What is left where a name, a phone or a street was.</summary>
    public const string Marker = "deleted";

    /// <summary>Texts the signed-in customer a code that proves the deletion is theirs.</summary>
    public async Task<Result> SendCodeAsync(Guid userId, CancellationToken ct = default)
    {
        var (user, refused) = await DeletableAsync(userId, ct);
        if (refused is not null) return refused;
        return await codes.IssueAsync(user!.PhoneNumber!, OneTimeCodePurpose.DeleteAccount, ct);
    }

    public async Task<Result> DeleteAsync(Guid userId, string? password, string? code, CancellationToken ct = default)
    {
        var (user, refused) = await DeletableAsync(userId, ct);
        if (refused is not null) return refused;
        var open = await db.Orders.AsNoTracking()
            .Where(o => o.UserId == userId && o.Status != OrderStatus.Delivered && o.Status != OrderStatus.Cancelled)
            .OrderBy(o => o.Status == OrderStatus.OutForDelivery ? 0 : 1).ThenBy(o => o.Id).Select(o => (long?)o.Id).FirstOrDefaultAsync(ct);
        if (open is { } orderId) return Result.Fail(null, "account.orderInProgress", Order.NumberFor(orderId));

        string proof;
        if (!string.IsNullOrEmpty(password))
        {
            if (!await users.CheckPasswordAsync(user!, password)) return Result.Fail("password", "account.passwordWrong");
            proof = "password";
        }
        else if (!string.IsNullOrWhiteSpace(code))
        {
            var verified = await codes.VerifyAsync(user!.PhoneNumber!, OneTimeCodePurpose.DeleteAccount, code, ct);
            if (!verified.Succeeded) return verified;
            proof = "code";
        }
        else return Result.Fail(null, "account.deleteProofRequired");

        var paths = await EraseAsync(user!, proof, ct);
        foreach (var path in paths)
        {
            try { await files.DeleteAsync(path, ct); }
            catch (IOException e) { log.LogWarning(e, "A deleted account's file {Path} stays on storage", path); }
        }
        return Result.Ok();
    }

    private async Task<(AppUser? User, Result? Refused)> DeletableAsync(Guid userId, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user?.PhoneNumber is null) return (null, Result.Fail(null, "account.notFound"));
        // Staff accounts are the shop's, closed by an admin (who must keep one admin); only customers delete their own.
        var roles = await users.GetRolesAsync(user);
        if (roles.Any(r => r != Roles.Customer)) return (null, Result.Fail(null, "account.deleteStaff"));
        return (user, null);
    }

    /// <summary>Everything but the files, in one transaction; answers the stored files to remove once it committed.</summary>
    private async Task<List<string>> EraseAsync(AppUser user, string proof, CancellationToken ct)
    {
        var id = user.Id;
        var phone = user.PhoneNumber!;
        var email = user.Email;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        var prescriptionIds = await db.Prescriptions.Where(p => p.UserId == id).Select(p => p.Id).ToListAsync(ct);
        var paths = (await db.PrescriptionFiles.Where(f => prescriptionIds.Contains(f.PrescriptionId)).Select(f => f.FileName).ToListAsync(ct))
            .Select(PrescriptionUploads.PathOf).ToList();
        await db.PrescriptionFiles.Where(f => prescriptionIds.Contains(f.PrescriptionId)).ExecuteDeleteAsync(ct);
        await db.Prescriptions.Where(p => p.UserId == id).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.Note, (string?)null).SetProperty(p => p.Doctor, (string?)null).SetProperty(p => p.RejectComment, (string?)null), ct);
        await db.PrescriptionHistory.Where(h => prescriptionIds.Contains(h.PrescriptionId)).ExecuteUpdateAsync(s => s.SetProperty(h => h.Note, (string?)null), ct);

        await db.SavedAddresses.Where(a => a.UserId == id).ExecuteDeleteAsync(ct);
        await db.CartItems.Where(c => c.UserId == id).ExecuteDeleteAsync(ct);
        await db.StockAlerts.Where(a => a.UserId == id).ExecuteDeleteAsync(ct);
        await db.Favourites.Where(f => f.UserId == id).ExecuteDeleteAsync(ct);
        await db.RefillReminders.Where(r => r.UserId == id).ExecuteDeleteAsync(ct);
        await db.Notifications.Where(n => n.UserId == id).ExecuteDeleteAsync(ct);
        await db.LoginEvents.Where(e => e.UserId == id).ExecuteDeleteAsync(ct);
        await db.UserTokens.Where(t => t.UserId == id).ExecuteDeleteAsync(ct);
        await db.UserLogins.Where(l => l.UserId == id).ExecuteDeleteAsync(ct);
        await db.UserClaims.Where(c => c.UserId == id).ExecuteDeleteAsync(ct);
        await db.OneTimeCodes.Where(c => c.Phone == phone).ExecuteDeleteAsync(ct);
        // The channels they chose and the Telegram chat they linked go with the account (decision 0061).
        var chat = await db.TelegramLinks.Where(t => t.UserId == id).Select(t => (long?)t.ChatId).SingleOrDefaultAsync(ct);
        var chatId = chat?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await db.NotificationPreferences.Where(p => p.UserId == id).ExecuteDeleteAsync(ct);
        await db.TelegramLinks.Where(t => t.UserId == id).ExecuteDeleteAsync(ct);
        await db.TelegramLinkCodes.Where(c => c.UserId == id).ExecuteDeleteAsync(ct);
        await db.BroadcastRecipients.Where(r => r.UserId == id).ExecuteDeleteAsync(ct);
        // Messages still waiting go nowhere; sent ones keep their row (the gateway's bill) without address or words.
        var theirs = db.OutboxMessages.Where(m => m.UserId == id || m.Recipient == phone
            || (email != null && m.Channel == OutboxChannel.Email && m.Recipient == email)
            || (chatId != null && m.Channel == OutboxChannel.Telegram && m.Recipient == chatId));
        await theirs.Where(m => m.Status == OutboxStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Failed).SetProperty(m => m.LastError, "recipient deleted their account"), ct);
        await theirs.ExecuteUpdateAsync(s => s.SetProperty(m => m.Recipient, Marker).SetProperty(m => m.Subject, (string?)null).SetProperty(m => m.Body, ""), ct);

        // Orders and payments stay for the books: the amounts, lines and statuses, not who received them or where.
        var orders = await db.Orders.Where(o => o.UserId == id).ToListAsync(ct);
        foreach (var order in orders)
        {
            order.ContactPhone = Marker;
            order.Note = null;
            if (order.Address is { } a)
            {
                a.Street = Marker;
                a.House = "";
                a.Apartment = null;
                a.Landmark = null;
            }
        }
        var orderIds = orders.Select(o => o.Id).ToList();
        paths.AddRange(await db.Deliveries.Where(d => orderIds.Contains(d.OrderId) && d.ProofPhoto != null).Select(d => d.ProofPhoto!).ToListAsync(ct));
        await db.Deliveries.Where(d => orderIds.Contains(d.OrderId))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ProofPhoto, (string?)null).SetProperty(d => d.ProofNote, (string?)null), ct);

        // UserName must stay unique and is no phone any more, so the number can register again.
        user.UserName = "deleted-" + id.ToString("N");
        user.NormalizedUserName = user.UserName.ToUpperInvariant();
        user.PhoneNumber = null;
        user.PhoneNumberConfirmed = false;
        user.Email = null;
        user.NormalizedEmail = null;
        user.FullName = Marker;
        user.PasswordHash = null;
        user.PreferredCulture = null;
        user.TwoFactorEnabled = false;
        user.DeletedAt = now;
        user.ErasedAt = now;
        user.SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
        user.ConcurrencyStamp = Guid.NewGuid().ToString();

        // The trail names the person by the marker too: their name and phone must not outlive the account there.
        using (AuditActor.Use(new AuditActor(id, Marker, AuditActor.Current?.IpAddress)))
            await audit.RecordAsync(new AuditRecord(AuditActions.AccountDelete, AuditEntities.User, id.ToString(),
                $"Account deleted by its owner ({proof}); {orders.Count} orders kept anonymised, {paths.Count} files removed",
                null, new { orders = orders.Count, prescriptions = prescriptionIds.Count, files = paths.Count, proof }, id), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return paths;
    }
}
