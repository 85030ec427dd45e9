using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Orders;

/// <summary>The operators' board columns: orders just placed, to confirm, being packed, ready to go.</summary>
public enum BoardTab
{
    New,
    ToConfirm,
    Packing,
    Ready,
}

public sealed record BoardFilter(BoardTab Tab, OrderStatus? Status, Fulfilment? Fulfilment, PaymentMethod? Payment, string? Search);

public sealed record BoardView(IReadOnlyDictionary<BoardTab, int> Counts, IReadOnlyList<OperatorOrderRow> Orders);

/// <summary>The operators' order board: counts per column and one column's orders, filtered and searchable by number or phone.</summary>
public sealed class OrderBoard(DorixonaDbContext db)
{
    public static IReadOnlyList<OrderStatus> StatusesOf(BoardTab tab) => tab switch
    {
        BoardTab.New => [OrderStatus.AwaitingPrescription, OrderStatus.AwaitingPayment],
        BoardTab.ToConfirm => [OrderStatus.AwaitingConfirmation, OrderStatus.Paid],
        BoardTab.Packing => [OrderStatus.Confirmed, OrderStatus.Packing],
        _ => [OrderStatus.Ready],
    };

    public async Task<BoardView> LoadAsync(BoardFilter filter, int take = 100, CancellationToken ct = default)
    {
        var query = Filtered(filter);
        var byStatus = await query.GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var counts = Enum.GetValues<BoardTab>().ToDictionary(t => t, t => byStatus.Where(s => StatusesOf(t).Contains(s.Key)).Sum(s => s.Count));
        var statuses = filter.Status is { } one ? [one] : StatusesOf(filter.Tab).ToList();
        var rows = await (from o in query.Where(o => statuses.Contains(o.Status))
                          join b in db.Branches.AsNoTracking() on o.BranchId equals b.Id
                          orderby o.CreatedAt, o.Id
                          select new OperatorOrderRow(o.Id, o.Status, o.Fulfilment, o.PaymentMethod, o.Total, o.ContactPhone, b.Name,
                              o.HasPrescriptionItems, o.CreatedAt)).Take(take).ToListAsync(ct);
        return new BoardView(counts, rows);
    }

    private IQueryable<Order> Filtered(BoardFilter filter)
    {
        var query = db.Orders.AsNoTracking();
        if (filter.Fulfilment is { } f) query = query.Where(o => o.Fulfilment == f);
        if (filter.Payment is { } p) query = query.Where(o => o.PaymentMethod == p);
        var search = filter.Search?.Trim();
        if (string.IsNullOrEmpty(search)) return query;
        var phone = PhoneNumber.Normalize(search);
        var id = search.StartsWith("DX", StringComparison.OrdinalIgnoreCase) || search.Length <= 7 ? Order.IdFromNumber(search) : null;
        var digits = new string(search.Where(char.IsAsciiDigit).ToArray());
        return query.Where(o => o.Id == id || o.ContactPhone == phone
            || (digits.Length >= 4 && o.ContactPhone.Contains(digits))
            || db.Users.Any(u => u.Id == o.UserId && (u.PhoneNumber == phone || (digits.Length >= 4 && u.PhoneNumber!.Contains(digits)))));
    }
}
