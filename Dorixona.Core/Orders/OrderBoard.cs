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

public enum BoardOrderBy
{
    CreatedAt,
    Total,
}

public sealed record BoardLine(string Name, int Quantity);

/// <summary>One order as the board card shows it: who, what, how much, how it is paid, and where it may go next.</summary>
public sealed record BoardCard(long Id, OrderStatus Status, Fulfilment Fulfilment, PaymentMethod PaymentMethod, Payments.PaymentState? PaymentState,
    long Total, string CustomerName, string CustomerPhone, string BranchName, bool HasPrescriptionItems, DateTime CreatedAt, IReadOnlyList<BoardLine> Lines)
{
    public string Number => Order.NumberFor(Id);

    /// <summary>The moves an operator makes from the board (cancel asks separately); see <see cref="OrderBoard.Moves"/>.</summary>
    public IReadOnlyList<OrderStatus> Moves => OrderBoard.Moves(Status, Fulfilment);
}

public sealed record BoardPage(IReadOnlyDictionary<BoardTab, int> Counts, int Total, IReadOnlyList<BoardCard> Cards);

/// <summary>The operators' order board: counts per column and one column's orders a page at a time, filtered and searchable by number or phone.</summary>
public sealed class OrderBoard(DorixonaDbContext db)
{
    public static IReadOnlyList<OrderStatus> StatusesOf(BoardTab tab) => tab switch
    {
        BoardTab.New => [OrderStatus.AwaitingPrescription, OrderStatus.AwaitingPayment],
        BoardTab.ToConfirm => [OrderStatus.AwaitingConfirmation, OrderStatus.Paid],
        BoardTab.Packing => [OrderStatus.Confirmed, OrderStatus.Packing],
        _ => [OrderStatus.Ready],
    };

    /// <summary>
    /// The forward moves the board offers for an order, never cancel (it asks for a reason). A delivery order leaves the
    /// shop only through a courier's assignment and hand-over code, so it never gets "out for delivery" or "delivered" here;
    /// a pickup order never goes "out for delivery". An order waiting for its prescription is released by the review.
    /// </summary>
    public static IReadOnlyList<OrderStatus> Moves(OrderStatus status, Fulfilment fulfilment) =>
        status == OrderStatus.AwaitingPrescription
            ? []
            : OrderStateMachine.Next(status, OrderActor.Operator)
                .Where(to => to != OrderStatus.Cancelled && to != OrderStatus.OutForDelivery
                    && !(fulfilment == Fulfilment.Delivery && to == OrderStatus.Delivered)
                    && !(status == OrderStatus.OutForDelivery && to == OrderStatus.Ready))
                .ToList();

    /// <summary>One page of a column (or one status) with the counts of every column, for the operators' grid.</summary>
    public async Task<BoardPage> PageAsync(BoardFilter filter, int skip, int take, BoardOrderBy orderBy = BoardOrderBy.CreatedAt, bool descending = false,
        CancellationToken ct = default)
    {
        var query = Filtered(filter);
        var byStatus = await query.GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var counts = Enum.GetValues<BoardTab>().ToDictionary(t => t, t => byStatus.Where(s => StatusesOf(t).Contains(s.Key)).Sum(s => s.Count));
        var statuses = filter.Status is { } one ? [one] : StatusesOf(filter.Tab).ToList();
        var column = query.Where(o => statuses.Contains(o.Status));
        var total = byStatus.Where(s => statuses.Contains(s.Key)).Sum(s => s.Count);
        column = (orderBy, descending) switch
        {
            (BoardOrderBy.Total, false) => column.OrderBy(o => o.Total).ThenBy(o => o.Id),
            (BoardOrderBy.Total, true) => column.OrderByDescending(o => o.Total).ThenByDescending(o => o.Id),
            (_, true) => column.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id),
            _ => column.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id),
        };
        var cards = await CardsAsync(column.Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 100)), ct);
        return new BoardPage(counts, total, cards);
    }

    /// <summary>One order as its board card, for the operator's order page; null when there is none.</summary>
    public async Task<BoardCard?> CardAsync(long id, CancellationToken ct = default) =>
        (await CardsAsync(db.Orders.AsNoTracking().Where(o => o.Id == id), ct)).SingleOrDefault();

    private async Task<List<BoardCard>> CardsAsync(IQueryable<Order> orders, CancellationToken ct)
    {
        var heads = await orders
            .Select(o => new
            {
                o.Id, o.Status, o.Fulfilment, o.PaymentMethod, o.Total, o.ContactPhone, o.HasPrescriptionItems, o.CreatedAt,
                Branch = db.Branches.Where(b => b.Id == o.BranchId).Select(b => b.Name).FirstOrDefault() ?? "",
                Customer = db.Users.IgnoreQueryFilters().Where(u => u.Id == o.UserId).Select(u => u.FullName).FirstOrDefault() ?? "",
                Payment = db.Payments.Where(p => p.OrderId == o.Id).OrderByDescending(p => p.Id).Select(p => (Payments.PaymentState?)p.State).FirstOrDefault(),
            }).ToListAsync(ct);
        var ids = heads.Select(h => h.Id).ToList();
        var lines = (await db.OrderLines.AsNoTracking().Where(l => ids.Contains(l.OrderId)).OrderBy(l => l.Id)
                .Select(l => new { l.OrderId, l.ProductName, l.Quantity }).ToListAsync(ct))
            .ToLookup(l => l.OrderId, l => new BoardLine(l.ProductName, l.Quantity));
        return heads.Select(h => new BoardCard(h.Id, h.Status, h.Fulfilment, h.PaymentMethod, h.Payment, h.Total, h.Customer, h.ContactPhone,
            h.Branch, h.HasPrescriptionItems, h.CreatedAt, lines[h.Id].ToList())).ToList();
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
