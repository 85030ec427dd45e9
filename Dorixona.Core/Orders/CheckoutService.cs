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
        if (await ExistingAsync(userId, request.IdempotencyKey, ct) is { } placed) return Result<CheckoutOutcome>.Ok(new CheckoutOutcome(placed, true));

        var errors = Validate(request, out var address, out var phone);
        if (errors.Count > 0) return Result<CheckoutOutcome>.Fail(errors);
        if (phone is null)
            phone = await db.Users.Where(u => u.Id == userId).Select(u => u.PhoneNumber).SingleAsync(ct) ?? "";

        var cart = await db.CartItems.AsNoTracking().Where(i => i.UserId == userId).ToListAsync(ct);
        var ids = cart.Select(c => c.ProductId).ToList();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id) && p.IsActive)
            .Select(p => new { p.Id, p.Name, p.Slug, p.Strength, p.PackSize, p.DosageForm, p.Price, p.RequiresPrescription })
            .ToDictionaryAsync(p => p.Id, ct);
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
        var branch = await ChooseBranchAsync(request, address, wanted, ct);
        if (branch.Unserved.Any(u => u.Reason == "checkout.branchUnknown")) return Result<CheckoutOutcome>.Fail("branchId", "checkout.branchUnknown");
        if (branch.Unserved.Count > 0)
            return Result<CheckoutOutcome>.Fail(branch.Unserved.Select(u =>
                new FieldError($"lines[{u.ProductId}]", u.Reason, products[u.ProductId].Name, u.Available, u.Wanted)).ToList());

        var now = Now();
        var hasRx = lines.Any(l => products[l.ProductId].RequiresPrescription);
        var next = hasRx ? OrderStatus.AwaitingPrescription
            : request.PaymentMethod == PaymentMethod.Cash ? OrderStatus.AwaitingConfirmation : OrderStatus.AwaitingPayment;
        DateTime? paymentDue = next == OrderStatus.AwaitingPayment ? now + (await settings.GetAsync(ct)).PaymentTimeout : null;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var order = new Order
        {
            UserId = userId, Status = next, Fulfilment = request.Fulfilment, BranchId = branch.BranchId!.Value,
            PaymentMethod = request.PaymentMethod, Address = address, ContactPhone = phone, Note = request.Note?.Trim() is { Length: > 0 } n ? n : null,
            ItemsTotal = total, DeliveryFee = fee, Total = total + fee, HasPrescriptionItems = hasRx, PaymentDueAt = paymentDue,
            IdempotencyKey = request.IdempotencyKey, CreatedAt = now, UpdatedAt = now,
            Lines = lines.Select(l =>
            {
                var p = products[l.ProductId];
                return new OrderLine
                {
                    ProductId = p.Id, ProductName = p.Name, ProductSlug = p.Slug, Details = $"{p.Strength} · №{p.PackSize}", Quantity = l.Quantity,
                    UnitPrice = p.Price, LineTotal = p.Price * l.Quantity, RequiresPrescription = p.RequiresPrescription,
                };
            }).ToList(),
            History =
            [
                new OrderHistoryEntry { FromStatus = null, ToStatus = OrderStatus.Created, Actor = OrderActor.Customer, ActorId = userId, At = now },
                new OrderHistoryEntry { FromStatus = OrderStatus.Created, ToStatus = next, Actor = OrderActor.System, At = now },
            ],
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

        await db.CartItems.Where(i => i.UserId == userId && ids.Contains(i.ProductId)).ExecuteDeleteAsync(ct);
        if (address is not null) await RememberAddressAsync(userId, address, phone, now, ct);
        await events.PlacedAsync(order, ct);

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

    private async Task<(int? BranchId, List<UnservedLine> Unserved)> ChooseBranchAsync(
        CheckoutRequest request, OrderAddress? address, List<(int ProductId, int Quantity)> wanted, CancellationToken ct)
    {
        var ids = wanted.Select(w => w.ProductId).ToList();
        var branches = await db.Branches.AsNoTracking().Where(b => b.IsActive).ToListAsync(ct);
        var stockRows = await db.BranchStock.AsNoTracking().Where(s => ids.Contains(s.ProductId)).ToListAsync(ct);
        int Have(int branchId, int productId) => stockRows.FirstOrDefault(s => s.BranchId == branchId && s.ProductId == productId)?.Quantity ?? 0;
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

    private async Task RememberAddressAsync(Guid userId, OrderAddress a, string phone, DateTime now, CancellationToken ct)
    {
        var saved = await db.SavedAddresses.FirstOrDefaultAsync(s => s.UserId == userId && s.Region == a.Region && s.District == a.District
            && s.Street == a.Street && s.House == a.House && s.Apartment == a.Apartment, ct);
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
