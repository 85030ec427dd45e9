using Dorixona.Core.Catalog;
using Dorixona.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Orders;

public enum Fulfilment
{
    Delivery,
    Pickup,
}

public enum PaymentMethod
{
    Click,
    Payme,
    Cash,
}

/// <summary>
/// A placed order. Prices, names and the address are snapshots taken at checkout: later edits of the
/// catalog or the customer's saved addresses never change it.
/// </summary>
public sealed class Order
{
    /// <summary>Order numbers people read: DX- and the id plus this offset (DX-250001 is order 1).</summary>
    public const long NumberOffset = 250_000;

    public long Id { get; set; }
    public string Number => NumberFor(Id);
    public Guid UserId { get; set; }
    public OrderStatus Status { get; set; }
    public Fulfilment Fulfilment { get; set; }
    /// <summary>The branch whose stock serves every line (the pick-up branch for pick-up).</summary>
    public int BranchId { get; set; }
    public PaymentMethod PaymentMethod { get; set; }
    public OrderAddress? Address { get; set; }
    public string ContactPhone { get; set; } = "";
    public string? Note { get; set; }
    public long ItemsTotal { get; set; }
    public long DeliveryFee { get; set; }
    public long Total { get; set; }
    public bool HasPrescriptionItems { get; set; }
    /// <summary>The client's key for this checkout; a retried checkout with the same key gets this order back.</summary>
    public string IdempotencyKey { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>Online payment must arrive before this, or the timeout job cancels the order.</summary>
    public DateTime? PaymentDueAt { get; set; }
    public DateTime? CancelledAt { get; set; }
    public string? CancelReason { get; set; }
    /// <summary>Set in the same statement that gives the stock back, so it is given back once whatever the path.</summary>
    public DateTime? StockReturnedAt { get; set; }

    public List<OrderLine> Lines { get; set; } = [];
    public List<OrderHistoryEntry> History { get; set; } = [];

    public static string NumberFor(long id) => $"DX-{id + NumberOffset}";

    /// <summary>The id in "DX-250001", "dx250001" or "250001"; null when it is not an order number.</summary>
    public static long? IdFromNumber(string? number)
    {
        var digits = new string((number ?? "").Where(char.IsAsciiDigit).ToArray());
        return long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > NumberOffset
            ? n - NumberOffset : null;
    }
}

/// <summary>The delivery address as it was at checkout.</summary>
public sealed class OrderAddress
{
    public string Region { get; set; } = "";
    public string District { get; set; } = "";
    public string Street { get; set; } = "";
    public string House { get; set; } = "";
    public string? Apartment { get; set; }
    public string? Landmark { get; set; }
}

public sealed class OrderLine
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public int ProductId { get; set; }
    public string ProductName { get; set; } = "";
    public string ProductSlug { get; set; } = "";
    public string Details { get; set; } = "";
    public int Quantity { get; set; }
    public long UnitPrice { get; set; }
    public long LineTotal { get; set; }
    public bool RequiresPrescription { get; set; }
}

/// <summary>One transition: from, to, who, when, why. The first row of every order has no "from".</summary>
public sealed class OrderHistoryEntry
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public OrderStatus? FromStatus { get; set; }
    public OrderStatus ToStatus { get; set; }
    public OrderActor Actor { get; set; }
    public Guid? ActorId { get; set; }
    public DateTime At { get; set; }
    public string? Note { get; set; }
}

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> b)
    {
        b.ToTable("Orders");
        b.Ignore(o => o.Number);
        b.Property(o => o.Status).HasConversion<string>().HasMaxLength(32);
        b.Property(o => o.Fulfilment).HasConversion<string>().HasMaxLength(16);
        b.Property(o => o.PaymentMethod).HasConversion<string>().HasMaxLength(16);
        b.Property(o => o.ContactPhone).HasMaxLength(13);
        b.Property(o => o.Note).HasMaxLength(500);
        b.Property(o => o.IdempotencyKey).HasMaxLength(64);
        b.Property(o => o.CancelReason).HasMaxLength(500);
        b.OwnsOne(o => o.Address, a =>
        {
            a.Property(x => x.Region).HasMaxLength(64).HasColumnName("AddressRegion");
            a.Property(x => x.District).HasMaxLength(64).HasColumnName("AddressDistrict");
            a.Property(x => x.Street).HasMaxLength(128).HasColumnName("AddressStreet");
            a.Property(x => x.House).HasMaxLength(32).HasColumnName("AddressHouse");
            a.Property(x => x.Apartment).HasMaxLength(32).HasColumnName("AddressApartment");
            a.Property(x => x.Landmark).HasMaxLength(200).HasColumnName("AddressLandmark");
        });
        b.HasIndex(o => new { o.UserId, o.IdempotencyKey }).IsUnique();
        b.HasIndex(o => new { o.UserId, o.CreatedAt });
        b.HasIndex(o => new { o.Status, o.PaymentDueAt });
        b.HasIndex(o => o.CreatedAt);
        b.HasOne<AppUser>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Branch>().WithMany().HasForeignKey(o => o.BranchId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(o => o.History).WithOne().HasForeignKey(h => h.OrderId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> b)
    {
        b.ToTable("OrderLines");
        b.Property(l => l.ProductName).HasMaxLength(200);
        b.Property(l => l.ProductSlug).HasMaxLength(160);
        b.Property(l => l.Details).HasMaxLength(200);
        b.HasIndex(l => l.OrderId);
        b.HasIndex(l => l.ProductId);
        b.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OrderHistoryConfiguration : IEntityTypeConfiguration<OrderHistoryEntry>
{
    public void Configure(EntityTypeBuilder<OrderHistoryEntry> b)
    {
        b.ToTable("OrderHistory");
        b.Property(h => h.FromStatus).HasConversion<string>().HasMaxLength(32);
        b.Property(h => h.ToStatus).HasConversion<string>().HasMaxLength(32);
        b.Property(h => h.Actor).HasConversion<string>().HasMaxLength(16);
        b.Property(h => h.Note).HasMaxLength(500);
        b.HasIndex(h => new { h.OrderId, h.At });
    }
}
