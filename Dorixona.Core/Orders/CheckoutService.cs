using Dorixona.Core.Catalog;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Orders;

public sealed record CheckoutAddress(string? Region, string? District, string? Street, string? House, string? Apartment, string? Landmark, string? Phone);

public sealed record CheckoutRequest(
    Fulfilment Fulfilment, int? BranchId, CheckoutAddress? Address, PaymentMethod PaymentMethod, string? Note, string IdempotencyKey,
    long? ExpectedTotal = null);

/// <summary>A line that cannot be served, with why: its product, its name and how many can be had.</summary>
public sealed record UnservedLine(int ProductId, string Name, int Wanted, int Available, string Reason);

public sealed record CheckoutOutcome(long OrderId, bool AlreadyPlaced);

/// <summary>
/// Places an order from the customer's cart in one transaction: re-checks products and prices, picks the
/// branch that holds every line (the chosen one for pick-up, the nearest for delivery), takes the stock
/// with one conditional UPDATE per line, snapshots prices, writes the order and its history, empties the
/// cart. When any line cannot be served nothing changes, and the result names each such line.
/// </summary>
public sealed class CheckoutService(
    DorixonaDbContext db, StockService stock, OrderEvents events, IDeliveryPricing pricing,
    TimeProvider clock, Prescriptions.PrescriptionDecisions prescriptions, Settings.IShopSettings settings)
{
    public async Task<Result<CheckoutOutcome>> CheckoutAsync(Guid userId, CheckoutRequest request, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey) || request.IdempotencyKey.Length > 64)
            return Result<CheckoutOutcome>.Fail("idempotencyKey", "checkout.idempotencyKey");
        var errors = Validate(request, out var address, out var phone);
        var snapshot = await SnapshotAsync(userId, request.IdempotencyKey, address, ct);
        if (snapshot.Placed is { } placed) return Result<CheckoutOutcome>.Ok(new CheckoutOutcome(placed, true));
        if (errors.Count > 0) return Result<CheckoutOutcome>.Fail(errors);
        phone ??= snapshot.Phone ?? "";

        var cart = snapshot.Cart;
        var ids = cart.Select(c => c.ProductId).ToList();
        var products = cart.Where(c => c.Product.Count > 0).ToDictionary(c => c.ProductId, c => c.Product[0]);
        var lines = cart.Where(c => products.ContainsKey(c.ProductId) && c.Quantity > 0).ToList();
        if (lines.Count == 0)
        {
            // A twin request (double click) may have placed the order and emptied the cart since the key was checked above.
            return await ExistingAsync(userId, request.IdempotencyKey, ct) is { } twin
                ? Result<CheckoutOutcome>.Ok(new CheckoutOutcome(twin, true))
                : Result<CheckoutOutcome>.Fail(null, "checkout.emptyCart");
        }
        var total = lines.Sum(l => products[l.ProductId].Price * l.Quantity);
        if (request.ExpectedTotal is { } expected && expected != total)
            return Result<CheckoutOutcome>.Fail(null, "checkout.pricesChanged", total);

        var fee = 0L;
        if (request.Fulfilment == Fulfilment.Delivery)
        {
            // Only addresses inside a delivery zone are served; the zone sets the fee (free above a threshold).
            if (await pricing.QuoteAsync(address!.Region, address.District, total, ct) is not { } quote)
                return Result<CheckoutOutcome>.Fail("address.district", "checkout.outsideZones");
            fee = quote.Fee;
        }

        var wanted = lines.Select(l => (l.ProductId, l.Quantity)).ToList();
        var stockRows = lines.SelectMany(l => l.Stock.Select(s => (s.BranchId, l.ProductId, s.Quantity))).ToList();
        var branch = await ChooseBranchAsync(request, address, wanted, stockRows, ct);
        if (branch.Unserved.Any(u => u.Reason == "checkout.branchUnknown")) return Result<CheckoutOutcome>.Fail("branchId", "checkout.branchUnknown");
        if (branch.Unserved.Count > 0)
            return Result<CheckoutOutcome>.Fail(branch.Unserved.Select(u =>
                new FieldError($"lines[{u.ProductId}]", u.Reason, products[u.ProductId].Name, u.Available, u.Wanted)).ToList());

        var now = Now();
        var hasRx = lines.Any(l => products[l.ProductId].RequiresPrescription);
        var next = hasRx ? OrderStatus.AwaitingPrescription
            : request.PaymentMethod == PaymentMethod.Cash ? OrderStatus.AwaitingConfirmation : OrderStatus.AwaitingPayment;
        DateTime? paymentDue = next == OrderStatus.AwaitingPayment ? now + (await settings.GetAsync(ct)).PaymentTimeout : null;
        var recipients = await events.PlacedRecipientsAsync(userId, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The order row alone first: its id names the lines, the notification and the ledger, which then go in one batch.
        var order = new Order
        {
            UserId = userId, Status = next, Fulfilment = request.Fulfilment, BranchId = branch.BranchId!.Value,
            PaymentMethod = request.PaymentMethod, Address = address, ContactPhone = phone, Note = request.Note?.Trim() is { Length: > 0 } n ? n : null,
            ItemsTotal = total, DeliveryFee = fee, Total = total + fee, HasPrescriptionItems = hasRx, PaymentDueAt = paymentDue,
            IdempotencyKey = request.IdempotencyKey, CreatedAt = now, UpdatedAt = now,
        };
        db.Orders.Add(order);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same checkout submitted twice at once: the other request placed it.
            if (await ExistingAfterRaceAsync(userId, request.IdempotencyKey, ct) is { } raced)
                return Result<CheckoutOutcome>.Ok(new CheckoutOutcome(raced, true));
            throw;
        }

        order.Lines = lines.Select(l =>
        {
            var p = products[l.ProductId];
            return new OrderLine
            {
                ProductId = p.Id, ProductName = p.Name, ProductSlug = p.Slug, Details = $"{p.Strength} · №{p.PackSize}", Quantity = l.Quantity,
                UnitPrice = p.Price, LineTotal = p.Price * l.Quantity, RequiresPrescription = p.RequiresPrescription,
            };
        }).ToList();
        order.History =
        [
            new OrderHistoryEntry { FromStatus = null, ToStatus = OrderStatus.Created, Actor = OrderActor.Customer, ActorId = userId, At = now },
            new OrderHistoryEntry { FromStatus = OrderStatus.Created, ToStatus = next, Actor = OrderActor.System, At = now },
        ];
        await db.CartItems.Where(i => i.UserId == userId && ids.Contains(i.ProductId)).ExecuteDeleteAsync(ct);
        if (address is not null) RememberAddress(userId, address, snapshot.SavedAddress.FirstOrDefault(), phone, now);
        await events.PlacedAsync(order, recipients, ct);
        await db.SaveChangesAsync(ct);

        // Stock last: its rows stay locked until the commit, and every other checkout of the same product waits for them.
        var failed = await stock.TakeForOrderAsync(order.BranchId, wanted, order.Id, userId, ct);
        if (failed.Count > 0)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var left = await db.BranchStock.AsNoTracking().Where(s => s.BranchId == order.BranchId && failed.Contains(s.ProductId))
                .ToDictionaryAsync(s => s.ProductId, s => s.Quantity, ct);
            return Result<CheckoutOutcome>.Fail(failed.Select(id => new FieldError($"lines[{id}]", "checkout.lineUnavailable",
                products[id].Name, left.GetValueOrDefault(id), wanted.First(w => w.ProductId == id).Quantity)).ToList());
        }
        await tx.CommitAsync(ct);

        if (next == OrderStatus.AwaitingPrescription) await prescriptions.ReleaseWithApprovalsOnFileAsync(userId, ct);
        return Result<CheckoutOutcome>.Ok(new CheckoutOutcome(order.Id, false));
    }

    private sealed record ProductRow(int Id, string Name, string Slug, string? Strength, int PackSize, long Price, bool RequiresPrescription);

    private sealed record StockRow(int BranchId, int Quantity);

    /// <summary>A cart line with its product (none when it is gone or inactive) and its stock at every branch.</summary>
    private sealed record CartRow(int ProductId, int Quantity, List<ProductRow> Product, List<StockRow> Stock);

    private sealed record Snapshot(string? Phone, long? Placed, List<CartRow> Cart, List<SavedAddress> SavedAddress);

    /// <summary>
    /// Everything checkout reads about the customer in one round trip: the phone, an order already placed under this key,
    /// the cart with each line's product and stock, and the saved address matching the one typed.
    /// </summary>
    private Task<Snapshot> SnapshotAsync(Guid userId, string key, OrderAddress? a, CancellationToken ct)
    {
        // Each part names the customer twice: through the row (so it stays a join, which SQLite can run) and as the
        // parameter (so SQLite, which materialises a joined subquery on the right of a LEFT JOIN, reads only this cart).
        // Without an address (pick-up) the saved-address part matches nothing: every saved address has a region. (A constant
        // false would leave that part uncorrelated, which SQLite cannot translate.)
        var region = a?.Region ?? "";
        var district = a?.District ?? "";
        var street = a?.Street ?? "";
        var house = a?.House ?? "";
        var apartment = a?.Apartment;
        return db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new Snapshot(
            u.PhoneNumber,
            db.Orders.Where(o => o.UserId == userId && o.IdempotencyKey == key).Select(o => (long?)o.Id).FirstOrDefault(),
            db.CartItems.Where(c => c.UserId == u.Id && c.UserId == userId).OrderBy(c => c.Id).Select(c => new CartRow(c.ProductId, c.Quantity,
                db.Products.Where(p => p.Id == c.ProductId && p.IsActive)
                    .Select(p => new ProductRow(p.Id, p.Name, p.Slug, p.Strength, p.PackSize, p.Price, p.RequiresPrescription)).ToList(),
                db.BranchStock.Where(s => s.ProductId == c.ProductId).Select(s => new StockRow(s.BranchId, s.Quantity)).ToList())).ToList(),
            db.SavedAddresses.Where(s => s.UserId == u.Id && s.UserId == userId && s.Region == region && s.District == district
                && s.Street == street && s.House == house && s.Apartment == apartment).OrderBy(s => s.Id).ToList())).SingleAsync(ct);
    }

    private async Task<(int? BranchId, List<UnservedLine> Unserved)> ChooseBranchAsync(CheckoutRequest request, OrderAddress? address,
        List<(int ProductId, int Quantity)> wanted, List<(int BranchId, int ProductId, int Quantity)> stockRows, CancellationToken ct)
    {
        var branches = await db.Branches.AsNoTracking().Where(b => b.IsActive).ToListAsync(ct);
        int Have(int branchId, int productId) => stockRows.FirstOrDefault(s => s.BranchId == branchId && s.ProductId == productId).Quantity;
        bool HoldsAll(Branch b) => wanted.All(w => Have(b.Id, w.ProductId) >= w.Quantity);

        if (request.Fulfilment == Fulfilment.Pickup)
        {
            var chosen = branches.SingleOrDefault(b => b.Id == request.BranchId && !b.IsWarehouse);
            if (chosen is null) return (null, [new UnservedLine(wanted[0].ProductId, "", 0, 0, "checkout.branchUnknown")]);
            var missing = wanted.Where(w => Have(chosen.Id, w.ProductId) < w.Quantity)
                .Select(w => new UnservedLine(w.ProductId, "", w.Quantity, Have(chosen.Id, w.ProductId), "checkout.notAtBranch")).ToList();
            return missing.Count == 0 ? (chosen.Id, []) : (null, missing);
        }

        var serving = branches.Where(HoldsAll)
            .OrderBy(b => Districts.DistanceKm(address?.District, b.Latitude, b.Longitude) ?? (b.IsWarehouse ? 0 : 1000))
            .FirstOrDefault();
        if (serving is not null) return (serving.Id, []);
        // No single branch has everything: name the lines no branch can fill, or those that must come from elsewhere.
        var unserved = wanted.Select(w => (w, best: branches.Select(b => Have(b.Id, w.ProductId)).DefaultIfEmpty(0).Max()))
            .Where(x => x.best < x.w.Quantity)
            .Select(x => new UnservedLine(x.w.ProductId, "", x.w.Quantity, x.best, "checkout.lineUnavailable")).ToList();
        if (unserved.Count == 0)
            unserved = [.. wanted.Select(w => new UnservedLine(w.ProductId, "", w.Quantity, 0, "checkout.noSingleBranch"))];
        return (null, unserved);
    }

    private static List<FieldError> Validate(CheckoutRequest request, out OrderAddress? address, out string? phone)
    {
        var errors = new List<FieldError>();
        address = null;
        phone = null;
        if (!Enum.IsDefined(request.PaymentMethod)) errors.Add(new FieldError("paymentMethod", "checkout.paymentMethod"));
        if (request.Note is { Length: > 500 }) errors.Add(new FieldError("note", "checkout.noteTooLong", 500));
        if (request.Fulfilment == Fulfilment.Pickup)
        {
            if (request.BranchId is null) errors.Add(new FieldError("branchId", "checkout.branchRequired"));
            return errors;
        }
        var a = request.Address;
        if (a is null) return [.. errors, new FieldError("address", "checkout.addressRequired")];
        if (string.IsNullOrWhiteSpace(a.Region) || !Districts.Regions.Contains(a.Region.Trim())) errors.Add(new FieldError("address.region", "checkout.region"));
        if (string.IsNullOrWhiteSpace(a.District) || a.District.Trim().Length > 64) errors.Add(new FieldError("address.district", "checkout.district"));
        if (string.IsNullOrWhiteSpace(a.Street) || a.Street.Trim().Length > 128) errors.Add(new FieldError("address.street", "checkout.street"));
        if (string.IsNullOrWhiteSpace(a.House) || a.House.Trim().Length > 32) errors.Add(new FieldError("address.house", "checkout.house"));
        if (a.Apartment is { Length: > 32 }) errors.Add(new FieldError("address.apartment", "checkout.apartment"));
        if (a.Landmark is { Length: > 200 }) errors.Add(new FieldError("address.landmark", "checkout.landmark"));
        if (!string.IsNullOrWhiteSpace(a.Phone))
        {
            phone = PhoneNumber.Normalize(a.Phone);
            if (phone is null) errors.Add(new FieldError("address.phone", "phone.invalid"));
        }
        if (errors.Count == 0)
        {
            address = new OrderAddress
            {
                Region = a.Region!.Trim(), District = a.District!.Trim(), Street = a.Street!.Trim(), House = a.House!.Trim(),
                Apartment = string.IsNullOrWhiteSpace(a.Apartment) ? null : a.Apartment.Trim(),
                Landmark = string.IsNullOrWhiteSpace(a.Landmark) ? null : a.Landmark.Trim(),
            };
        }
        return errors;
    }

    /// <summary>Stages the saved address for the placing save: a new one, or the matching one (read with the cart) marked as used now.</summary>
    private void RememberAddress(Guid userId, OrderAddress a, SavedAddress? saved, string phone, DateTime now)
    {
        if (saved is null)
        {
            db.SavedAddresses.Add(new SavedAddress
            {
                UserId = userId, Region = a.Region, District = a.District, Street = a.Street, House = a.House, Apartment = a.Apartment,
                Landmark = a.Landmark, Phone = phone, CreatedAt = now, LastUsedAt = now,
            });
        }
        else
        {
            db.SavedAddresses.Attach(saved);
            saved.LastUsedAt = now;
            saved.Landmark = a.Landmark;
            saved.Phone = phone;
        }
    }

    private Task<long?> ExistingAsync(Guid userId, string key, CancellationToken ct) =>
        db.Orders.AsNoTracking().Where(o => o.UserId == userId && o.IdempotencyKey == key).Select(o => (long?)o.Id).SingleOrDefaultAsync(ct);

    private async Task<long?> ExistingAfterRaceAsync(Guid userId, string key, CancellationToken ct)
    {
        await (db.Database.CurrentTransaction?.RollbackAsync(ct) ?? Task.CompletedTask);
        db.ChangeTracker.Clear();
        return await ExistingAsync(userId, key, ct);
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
