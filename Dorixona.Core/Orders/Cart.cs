using Dorixona.Core.Catalog;
using Dorixona.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Orders;

/// <summary>
/// One product in a cart. A cart belongs to a signed-in user or to a guest's cookie token; at sign-in the
/// guest's items move to the user. <see cref="PriceWhenAdded"/> lets the cart say when a price changed.
/// </summary>
public sealed class CartItem
{
    public long Id { get; set; }
    public Guid? UserId { get; set; }
    public string? GuestToken { get; set; }
    public int ProductId { get; set; }
    public int Quantity { get; set; }
    public long PriceWhenAdded { get; set; }
    public DateTime AddedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A delivery address a customer saved for next time.</summary>
public sealed class SavedAddress
{
    public long Id { get; set; }
    public Guid UserId { get; set; }
    public string Region { get; set; } = "";
    public string District { get; set; } = "";
    public string Street { get; set; } = "";
    public string House { get; set; } = "";
    public string? Apartment { get; set; }
    public string? Landmark { get; set; }
    public string Phone { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime LastUsedAt { get; set; }
}

internal sealed class CartItemConfiguration : IEntityTypeConfiguration<CartItem>
{
    public void Configure(EntityTypeBuilder<CartItem> b)
    {
        b.ToTable("CartItems");
        b.Property(c => c.GuestToken).HasMaxLength(64);
        b.HasIndex(c => new { c.UserId, c.ProductId }).IsUnique();
        b.HasIndex(c => new { c.GuestToken, c.ProductId }).IsUnique();
        b.HasIndex(c => c.UpdatedAt);
        b.HasOne<AppUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Product>().WithMany().HasForeignKey(c => c.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SavedAddressConfiguration : IEntityTypeConfiguration<SavedAddress>
{
    public void Configure(EntityTypeBuilder<SavedAddress> b)
    {
        b.ToTable("SavedAddresses");
        b.Property(a => a.Region).HasMaxLength(64);
        b.Property(a => a.District).HasMaxLength(64);
        b.Property(a => a.Street).HasMaxLength(128);
        b.Property(a => a.House).HasMaxLength(32);
        b.Property(a => a.Apartment).HasMaxLength(32);
        b.Property(a => a.Landmark).HasMaxLength(200);
        b.Property(a => a.Phone).HasMaxLength(13);
        b.HasIndex(a => new { a.UserId, a.LastUsedAt });
        b.HasOne<AppUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
