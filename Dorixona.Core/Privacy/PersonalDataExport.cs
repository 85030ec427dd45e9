using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Privacy;

public sealed record PersonalData(
    DateTime ExportedAt, ExportProfile Profile, ExportPreferences Preferences, IReadOnlyList<ExportAddress> Addresses,
    IReadOnlyList<ExportSignIn> SignIns, IReadOnlyList<ExportOrder> Orders, IReadOnlyList<ExportPrescription> Prescriptions,
    IReadOnlyList<ExportNotification> Notifications, IReadOnlyList<ExportCartItem> Cart, IReadOnlyList<ExportStockAlert> StockAlerts,
    IReadOnlyList<ExportFavourite> Favourites, IReadOnlyList<ExportReminder> Reminders);

public sealed record ExportProfile(
    Guid Id, string? Phone, string FullName, IReadOnlyList<string> Roles, DateTime CreatedAt, DateTime? VerifiedAt,
    string? AcceptedTermsVersion, string? AcceptedPrivacyVersion, DateTime? TermsAcceptedAt, string? Email = null);

/// <param name="Notifications">Per kind, the channels that carry it (in-app always does); decision 0061.</param>
public sealed record ExportPreferences(string? Language, bool SecondFactor, bool TelegramLinked = false, IReadOnlyList<ExportChannelChoice>? Notifications = null);

public sealed record ExportChannelChoice(string Kind, bool InApp, bool Sms, bool Email, bool Telegram);

public sealed record ExportAddress(
    string Region, string District, string Street, string House, string? Apartment, string? Landmark, string Phone, DateTime CreatedAt, DateTime LastUsedAt);

public sealed record ExportSignIn(DateTime At, bool Succeeded, string Channel, string? IpAddress, string? UserAgent);

public sealed record ExportOrder(
    string Number, string Status, string Fulfilment, string PaymentMethod, DateTime CreatedAt, string ContactPhone, ExportOrderAddress? Address,
    string? Note, long ItemsTotal, long DeliveryFee, long Total, DateTime? CancelledAt, string? CancelReason,
    IReadOnlyList<ExportOrderLine> Lines, IReadOnlyList<ExportPayment> Payments, IReadOnlyList<ExportStatusChange> History);

public sealed record ExportOrderAddress(string Region, string District, string Street, string House, string? Apartment, string? Landmark);

public sealed record ExportOrderLine(string ProductName, string Details, int Quantity, long UnitPrice, long LineTotal, bool RequiresPrescription);

public sealed record ExportPayment(
    string Provider, long Amount, string State, DateTime CreatedAt, DateTime? PerformedAt, DateTime? CancelledAt, DateTime? RefundedAt);

public sealed record ExportStatusChange(string? From, string To, DateTime At, string? Note);

public sealed record ExportPrescription(
    long Id, string? OrderNumber, string Status, string? Doctor, string? Note, DateTime CreatedAt, DateTime? DecidedAt, DateTime? ValidUntil,
    string? RejectReason, string? RejectComment, IReadOnlyList<ExportPrescriptionFile> Files, IReadOnlyList<ExportPrescriptionItem> Items,
    IReadOnlyList<ExportStatusChange> History);

public sealed record ExportPrescriptionFile(string FileName, string ContentType, long Length);

public sealed record ExportPrescriptionItem(string What, int Quantity);

public sealed record ExportNotification(string Title, string Body, string? Link, DateTime CreatedAt, DateTime? ReadAt);

public sealed record ExportCartItem(string ProductName, int Quantity, long PriceWhenAdded, DateTime AddedAt);

/// <summary>A product the customer waits for (decision 0059).</summary>
public sealed record ExportStockAlert(string ProductName, DateTime CreatedAt);

public sealed record ExportFavourite(string ProductName, DateTime CreatedAt);

/// <summary>A refill reminder: every how many days, how many packs, and the next day it is due (Tashkent).</summary>
public sealed record ExportReminder(string ProductName, int EveryDays, int Quantity, DateOnly NextDueOn, DateOnly? LastRemindedOn, DateTime CreatedAt);

/// <summary>
/// Everything the shop holds about one person, read for them alone (decision 0057). Every query is filtered by the
/// caller's id, or by the ids of the caller's own orders and prescriptions, so nobody else's row can slip in.
/// </summary>
public sealed class PersonalDataExport(DorixonaDbContext db, TimeProvider clock, Notifications.NotificationPreferences channels)
{
    public async Task<PersonalData?> ReadAsync(Guid userId, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return null;
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == userId select r.Name!).ToListAsync(ct);
        var profile = new ExportProfile(user.Id, user.PhoneNumber, user.FullName, roles, user.CreatedAt, user.VerifiedAt,
            user.AcceptedTermsVersion, user.AcceptedPrivacyVersion, user.TermsAcceptedAt, user.Email);

        var addresses = await db.SavedAddresses.AsNoTracking().Where(a => a.UserId == userId).OrderByDescending(a => a.LastUsedAt).ThenBy(a => a.Id)
            .Select(a => new ExportAddress(a.Region, a.District, a.Street, a.House, a.Apartment, a.Landmark, a.Phone, a.CreatedAt, a.LastUsedAt))
            .ToListAsync(ct);
        var signIns = await db.LoginEvents.AsNoTracking().Where(e => e.UserId == userId).OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Select(e => new ExportSignIn(e.At, e.Succeeded, e.Channel, e.IpAddress, e.UserAgent)).ToListAsync(ct);
        var notifications = await db.Notifications.AsNoTracking().Where(n => n.UserId == userId).OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Select(n => new ExportNotification(n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt)).ToListAsync(ct);
        var cart = await (from c in db.CartItems.AsNoTracking()
                          where c.UserId == userId
                          join p in db.Products.IgnoreQueryFilters() on c.ProductId equals p.Id
                          orderby c.AddedAt, c.Id
                          select new ExportCartItem(p.Name, c.Quantity, c.PriceWhenAdded, c.AddedAt)).ToListAsync(ct);

        var alerts = await (from a in db.StockAlerts.AsNoTracking()
                            where a.UserId == userId
                            join p in db.Products.IgnoreQueryFilters() on a.ProductId equals p.Id
                            orderby a.CreatedAt, a.Id
                            select new ExportStockAlert(p.Name, a.CreatedAt)).ToListAsync(ct);
        var favourites = await (from f in db.Favourites.AsNoTracking()
                                where f.UserId == userId
                                join p in db.Products.IgnoreQueryFilters() on f.ProductId equals p.Id
                                orderby f.CreatedAt, f.Id
                                select new ExportFavourite(p.Name, f.CreatedAt)).ToListAsync(ct);
        var reminders = await (from r in db.RefillReminders.AsNoTracking()
                               where r.UserId == userId
                               join p in db.Products.IgnoreQueryFilters() on r.ProductId equals p.Id
                               orderby r.CreatedAt, r.Id
                               select new ExportReminder(p.Name, r.EveryDays, r.Quantity, r.NextDueOn, r.LastRemindedOn, r.CreatedAt)).ToListAsync(ct);

        var chosen = await channels.GetAsync(userId, ct);
        var preferences = new ExportPreferences(user.PreferredCulture, user.TwoFactorEnabled, chosen?.TelegramLinked ?? false,
            chosen?.Kinds.Select(k => new ExportChannelChoice(k.Key, true, k.Value.Sms, k.Value.Email, k.Value.Telegram)).ToList() ?? []);
        return new PersonalData(clock.GetUtcNow().UtcDateTime, profile, preferences,
            addresses, signIns, await OrdersAsync(userId, ct), await PrescriptionsAsync(userId, ct), notifications, cart, alerts, favourites, reminders);
    }

    private async Task<List<ExportOrder>> OrdersAsync(Guid userId, CancellationToken ct)
    {
        var orders = await db.Orders.AsNoTracking().Where(o => o.UserId == userId)
            .Include(o => o.Lines).Include(o => o.History)
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).AsSplitQuery().ToListAsync(ct);
        var ids = orders.Select(o => o.Id).ToList();
        var payments = (await db.Payments.AsNoTracking().Where(p => ids.Contains(p.OrderId)).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(ct))
            .ToLookup(p => p.OrderId);
        return orders.Select(o => new ExportOrder(
            o.Number, WireName.Of(o.Status), WireName.Of(o.Fulfilment), WireName.Of(o.PaymentMethod), o.CreatedAt, o.ContactPhone,
            o.Address is { } a ? new ExportOrderAddress(a.Region, a.District, a.Street, a.House, a.Apartment, a.Landmark) : null,
            o.Note, o.ItemsTotal, o.DeliveryFee, o.Total, o.CancelledAt, o.CancelReason,
            o.Lines.OrderBy(l => l.Id).Select(l => new ExportOrderLine(l.ProductName, l.Details, l.Quantity, l.UnitPrice, l.LineTotal, l.RequiresPrescription)).ToList(),
            payments[o.Id].Select(p => new ExportPayment(WireName.Of(p.Provider), p.Amount, WireName.Of(p.State), p.CreatedAt, p.PerformedAt, p.CancelledAt, p.RefundedAt)).ToList(),
            o.History.OrderBy(h => h.At).ThenBy(h => h.Id)
                .Select(h => new ExportStatusChange(h.FromStatus is { } f ? WireName.Of(f) : null, WireName.Of(h.ToStatus), h.At, h.Note)).ToList())).ToList();
    }

    private async Task<List<ExportPrescription>> PrescriptionsAsync(Guid userId, CancellationToken ct)
    {
        var prescriptions = await db.Prescriptions.AsNoTracking().Where(p => p.UserId == userId)
            .Include(p => p.Files).Include(p => p.Items).Include(p => p.History)
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).AsSplitQuery().ToListAsync(ct);
        var productIds = prescriptions.SelectMany(p => p.Items).Where(i => i.ProductId is not null).Select(i => i.ProductId!.Value).Distinct().ToList();
        var substanceIds = prescriptions.SelectMany(p => p.Items).Where(i => i.SubstanceId is not null).Select(i => i.SubstanceId!.Value).Distinct().ToList();
        var products = await db.Products.IgnoreQueryFilters().AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var substances = await db.ActiveSubstances.AsNoTracking().Where(s => substanceIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Inn, ct);
        return prescriptions.Select(p => new ExportPrescription(
            p.Id, p.OrderId is { } o ? Orders.Order.NumberFor(o) : null, WireName.Of(p.Status), p.Doctor, p.Note, p.CreatedAt, p.DecidedAt, p.ValidUntil,
            p.RejectReason, p.RejectComment,
            p.Files.OrderBy(f => f.SortOrder).Select(f => new ExportPrescriptionFile(f.FileName, f.ContentType, f.Length)).ToList(),
            p.Items.OrderBy(i => i.Id).Select(i => new ExportPrescriptionItem(
                i.ProductId is { } pid ? products.GetValueOrDefault(pid, "") : i.SubstanceId is { } sid ? substances.GetValueOrDefault(sid, "") : "", i.Quantity)).ToList(),
            p.History.OrderBy(h => h.At).ThenBy(h => h.Id)
                .Select(h => new ExportStatusChange(h.FromStatus is { } f ? WireName.Of(f) : null, WireName.Of(h.ToStatus), h.At, h.Note)).ToList())).ToList();
    }
}
