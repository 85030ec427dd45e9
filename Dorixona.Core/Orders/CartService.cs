using Dorixona.Core.Catalog.Search;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Orders;

/// <summary>Whose cart: a signed-in user's, or a guest's identified by the token in their cookie.</summary>
public sealed record CartOwner(Guid? UserId, string? GuestToken)
{
    public static CartOwner User(Guid id) => new(id, null);
    public static CartOwner Guest(string token) => new(null, token);
    public bool IsEmpty => UserId is null && string.IsNullOrEmpty(GuestToken);
}

public sealed record CartLineView(
    int ProductId, string Slug, string Name, string Details, int Quantity, long Price, long PriceWhenAdded, int Available,
    int MaxQuantity, bool RequiresPrescription, string? Image)
{
    public long LineTotal => Price * Quantity;
    public bool PriceChanged => Price != PriceWhenAdded;
    public bool StockShort => Quantity > Available;
}

public sealed record CartView(IReadOnlyList<CartLineView> Lines)
{
    public long Total => Lines.Sum(l => l.LineTotal);
    public int Count => Lines.Sum(l => l.Quantity);
    public bool HasPrescriptionItems => Lines.Any(l => l.RequiresPrescription);
    public bool HasWarnings => Lines.Any(l => l.PriceChanged || l.StockShort);
}

public sealed record CartChange(int Quantity, bool Capped);

/// <summary>
/// The cart. Prices and stock shown are the current ones (from the catalog index); each line remembers
/// the price it was added at, so the cart can say when it changed. Quantities are capped by stock and by
/// <see cref="OrdersOptions.MaxQuantityPerProduct"/>.
/// </summary>
public sealed class CartService(DorixonaDbContext db, CatalogIndex index, IOptions<OrdersOptions> options, TimeProvider clock)
{
    public async Task<CartView> GetAsync(CartOwner owner, CancellationToken ct = default)
    {
        if (owner.IsEmpty) return new CartView([]);
        var items = await Items(owner).AsNoTracking().OrderBy(i => i.AddedAt).ThenBy(i => i.Id).ToListAsync(ct);
        var view = await index.GetAsync(ct);
        var lines = new List<CartLineView>();
        foreach (var item in items)
        {
            // A product taken off sale disappears from the cart view; checkout ignores it too.
            if (view.Find(item.ProductId) is not { } p) continue;
            lines.Add(new CartLineView(p.Id, p.Slug, p.Name, $"{p.Strength} · №{p.PackSize}".Trim(' ', '·'), item.Quantity, p.Price,
                item.PriceWhenAdded, p.Stock, Math.Min(p.Stock, options.Value.MaxQuantityPerProduct), p.RequiresPrescription, p.Image));
        }
        return new CartView(lines);
    }

    public async Task<int> CountAsync(CartOwner owner, CancellationToken ct = default) =>
        owner.IsEmpty ? 0 : await Items(owner).SumAsync(i => i.Quantity, ct);

    /// <summary>Adds units (to what is already there), capped by stock and the per-product limit.</summary>
    public async Task<Result<CartChange>> AddAsync(CartOwner owner, int productId, int quantity, CancellationToken ct = default)
    {
        var existing = await Items(owner).AsNoTracking().Where(i => i.ProductId == productId).Select(i => (int?)i.Quantity).SingleOrDefaultAsync(ct);
        return await SetAsync(owner, productId, (existing ?? 0) + quantity, quantity, ct);
    }

    /// <summary>Sets the quantity; 0 removes the line.</summary>
    public Task<Result<CartChange>> SetQuantityAsync(CartOwner owner, int productId, int quantity, CancellationToken ct = default) =>
        SetAsync(owner, productId, quantity, quantity, ct);

    public async Task<bool> RemoveAsync(CartOwner owner, int productId, CancellationToken ct = default)
    {
        var removed = await Items(owner).Where(i => i.ProductId == productId).ExecuteDeleteAsync(ct);
        Changed(owner);
        await db.SaveChangesAsync(ct);
        return removed > 0;
    }

    public async Task ClearAsync(CartOwner owner, CancellationToken ct = default)
    {
        await Items(owner).ExecuteDeleteAsync(ct);
        Changed(owner);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>At sign-in: the guest's lines join the user's cart (quantities added, then capped) and the guest cart is emptied.</summary>
    public async Task MergeAsync(string guestToken, Guid userId, CancellationToken ct = default)
    {
        var guest = await db.CartItems.Where(i => i.GuestToken == guestToken).ToListAsync(ct);
        if (guest.Count == 0) return;
        var view = await index.GetAsync(ct);
        var mine = await db.CartItems.Where(i => i.UserId == userId).ToDictionaryAsync(i => i.ProductId, ct);
        var now = Now();
        foreach (var g in guest)
        {
            var cap = Math.Min(view.Find(g.ProductId)?.Stock ?? 0, options.Value.MaxQuantityPerProduct);
            if (mine.TryGetValue(g.ProductId, out var m))
            {
                m.Quantity = Math.Max(1, Math.Min(m.Quantity + g.Quantity, Math.Max(cap, m.Quantity)));
                m.UpdatedAt = now;
                db.CartItems.Remove(g);
            }
            else
            {
                g.GuestToken = null;
                g.UserId = userId;
                g.Quantity = Math.Max(1, Math.Min(g.Quantity, Math.Max(cap, 1)));
                g.UpdatedAt = now;
            }
        }
        Changed(CartOwner.User(userId));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// "Buy again": the order's lines that are on sale go into the customer's cart at today's prices, added to what is
    /// there and capped by stock and the per-product limit, in one save. Lines no longer sold or sold out are left out,
    /// and each says why. Another customer's order is not found.
    /// </summary>
    public async Task<Result<ReorderOutcome>> ReorderAsync(Guid userId, long orderId, CancellationToken ct = default)
    {
        var lines = await db.Orders.AsNoTracking().Where(o => o.Id == orderId && o.UserId == userId)
            .SelectMany(o => o.Lines).OrderBy(l => l.Id).ToListAsync(ct);
        if (lines.Count == 0) return Result<ReorderOutcome>.Fail(null, "order.notFound");
        var view = await index.GetAsync(ct);
        var mine = await db.CartItems.Where(i => i.UserId == userId).ToDictionaryAsync(i => i.ProductId, ct);
        var added = new List<ReorderedLine>();
        var left = new List<ReorderSkip>();
        var now = Now();
        foreach (var line in lines.GroupBy(l => l.ProductId).Select(g => (g.First(), Quantity: g.Sum(l => l.Quantity))))
        {
            var (first, wanted) = line;
            if (view.Find(first.ProductId) is not { } product)
            {
                left.Add(new ReorderSkip(first.ProductId, first.ProductName, wanted, ReorderSkip.NotSold));
                continue;
            }
            var cap = Math.Min(product.Stock, options.Value.MaxQuantityPerProduct);
            var had = mine.TryGetValue(product.Id, out var item) ? item.Quantity : 0;
            if (cap <= had)
            {
                left.Add(new ReorderSkip(product.Id, product.Name, wanted, product.Stock <= 0 ? ReorderSkip.SoldOut : ReorderSkip.AtLimit));
                continue;
            }
            var quantity = Math.Min(had + wanted, cap);
            if (item is null)
            {
                db.CartItems.Add(new CartItem
                {
                    UserId = userId, ProductId = product.Id, Quantity = quantity, PriceWhenAdded = product.Price, AddedAt = now, UpdatedAt = now,
                });
            }
            else
            {
                item.Quantity = quantity;
                item.UpdatedAt = now;
            }
            added.Add(new ReorderedLine(product.Id, product.Name, wanted, quantity - had, product.Price, first.UnitPrice));
        }
        if (added.Count > 0)
        {
            Changed(CartOwner.User(userId));
            await db.SaveChangesAsync(ct);
        }
        return Result<ReorderOutcome>.Ok(new ReorderOutcome(added, left));
    }

    private async Task<Result<CartChange>> SetAsync(CartOwner owner, int productId, int wanted, int asked, CancellationToken ct)
    {
        if (owner.IsEmpty) return Result<CartChange>.Fail(null, "cart.noOwner");
        if (asked < 0 || wanted < 0) return Result<CartChange>.Fail("quantity", "cart.quantity");
        var view = await index.GetAsync(ct);
        if (view.Find(productId) is not { } product) return Result<CartChange>.Fail("productId", "product.notFound");
        var item = await Items(owner).SingleOrDefaultAsync(i => i.ProductId == productId, ct);
        if (wanted == 0)
        {
            if (item is not null)
            {
                db.CartItems.Remove(item);
                Changed(owner);
                await db.SaveChangesAsync(ct);
            }
            return Result<CartChange>.Ok(new CartChange(0, false));
        }
        if (product.Stock <= 0) return Result<CartChange>.Fail("productId", "cart.outOfStock");
        var cap = Math.Min(product.Stock, options.Value.MaxQuantityPerProduct);
        var quantity = Math.Min(wanted, cap);
        var now = Now();
        if (item is null)
        {
            db.CartItems.Add(new CartItem
            {
                UserId = owner.UserId, GuestToken = owner.UserId is null ? owner.GuestToken : null, ProductId = productId,
                Quantity = quantity, PriceWhenAdded = product.Price, AddedAt = now, UpdatedAt = now,
            });
        }
        else
        {
            item.Quantity = quantity;
            item.UpdatedAt = now;
        }
        Changed(owner);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same product added twice at once (double click): the other request's line stands.
            db.ChangeTracker.Clear();
            return Result<CartChange>.Fail("productId", "cart.concurrent");
        }
        return Result<CartChange>.Ok(new CartChange(quantity, quantity < wanted));
    }

    private IQueryable<CartItem> Items(CartOwner owner) =>
        owner.UserId is { } userId ? db.CartItems.Where(i => i.UserId == userId) : db.CartItems.Where(i => i.GuestToken == owner.GuestToken);

    private void Changed(CartOwner owner)
    {
        if (owner.UserId is { } userId) db.Raise(new CartChanged(userId));
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}

/// <summary>What "buy again" put in the cart and what it left out.</summary>
public sealed record ReorderOutcome(IReadOnlyList<ReorderedLine> Added, IReadOnlyList<ReorderSkip> Left);

/// <summary>A line put back in the cart: <see cref="Added"/> units (fewer than <see cref="Ordered"/> when stock or the limit caps them) at today's price.</summary>
public sealed record ReorderedLine(int ProductId, string Name, int Ordered, int Added, long Price, long PriceThen)
{
    public bool Capped => Added < Ordered;
}

/// <summary>A line left out, and why: <see cref="NotSold"/>, <see cref="SoldOut"/>, or the cart already holds as many as may be bought.</summary>
public sealed record ReorderSkip(int ProductId, string Name, int Ordered, string Reason)
{
    public const string NotSold = "notSold";
    public const string SoldOut = "soldOut";
    public const string AtLimit = "atLimit";
}

/// <summary>A signed-in customer's cart changed: their other open pages re-read its count.</summary>
public sealed record CartChanged(Guid UserId) : IDomainEvent
{
    public IEnumerable<LiveMessage> Live() => [new(LiveGroups.User(UserId), "cart", null)];
}
