using Dorixona.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Catalog;

/// <summary>How many units of a product a branch holds. Changed only through <see cref="StockService"/>.</summary>
public sealed class BranchStock
{
    public int BranchId { get; set; }
    public int ProductId { get; set; }
    public int Quantity { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public static class StockReasons
{
    public const string Seed = "seed";
    public const string Adjustment = "adjustment";
    public const string Import = "import";
    public const string OrderPlaced = "order-placed";
    public const string OrderReturned = "order-returned";
}

/// <summary>
/// One stock change. A branch's stock of a product always equals the sum of its ledger rows;
/// <see cref="Balance"/> is the quantity right after this change.
/// </summary>
public sealed class StockLedgerEntry
{
    public long Id { get; set; }
    public int BranchId { get; set; }
    public int ProductId { get; set; }
    public int Delta { get; set; }
    public int Balance { get; set; }
    public string Reason { get; set; } = "";
    public string? Note { get; set; }
    public long? OrderId { get; set; }
    public Guid? ActorId { get; set; }
    public DateTime At { get; set; }
}

internal sealed class BranchStockConfiguration : IEntityTypeConfiguration<BranchStock>
{
    public void Configure(EntityTypeBuilder<BranchStock> b)
    {
        b.ToTable("BranchStock", t => t.HasCheckConstraint("CK_BranchStock_Quantity", "\"Quantity\" >= 0"));
        b.HasKey(s => new { s.BranchId, s.ProductId });
        b.HasIndex(s => s.ProductId);
        // Each instance's search index asks once a second which rows changed lately.
        b.HasIndex(s => s.UpdatedAt);
        b.HasOne<Branch>().WithMany().HasForeignKey(s => s.BranchId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Product>().WithMany().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StockLedgerEntryConfiguration : IEntityTypeConfiguration<StockLedgerEntry>
{
    public void Configure(EntityTypeBuilder<StockLedgerEntry> b)
    {
        b.ToTable("StockLedger");
        b.Property(e => e.Reason).HasMaxLength(32);
        b.Property(e => e.Note).HasMaxLength(500);
        b.HasIndex(e => new { e.ProductId, e.BranchId, e.At });
        b.HasIndex(e => e.OrderId);
        b.HasOne<Branch>().WithMany().HasForeignKey(e => e.BranchId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Product>().WithMany().HasForeignKey(e => e.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(e => e.ActorId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>
/// A single row of counters that every catalog or stock write bumps in its own transaction, so each app
/// instance can tell cheaply whether its in-memory search index is stale.
/// </summary>
public sealed class CatalogRevision
{
    public int Id { get; set; } = 1;
    public long Catalog { get; set; }
    public long Stock { get; set; }
}

internal sealed class CatalogRevisionConfiguration : IEntityTypeConfiguration<CatalogRevision>
{
    public void Configure(EntityTypeBuilder<CatalogRevision> b)
    {
        b.ToTable("CatalogRevisions");
        b.Property(r => r.Id).ValueGeneratedNever();
        // The one row every revision bump updates; it exists from the first migration on.
        b.HasData(new CatalogRevision { Id = 1, Catalog = 1, Stock = 1 });
    }
}
