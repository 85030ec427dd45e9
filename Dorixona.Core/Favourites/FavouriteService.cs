using Dorixona.Core.Catalog;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Favourites;

/// <summary>A product a customer keeps at hand (the heart on cards and product pages).</summary>
public sealed class Favourite
{
    public long Id { get; set; }
    public Guid UserId { get; set; }
    public int ProductId { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class FavouriteConfiguration : IEntityTypeConfiguration<Favourite>
{
    public void Configure(EntityTypeBuilder<Favourite> b)
    {
        b.ToTable("Favourites");
        b.HasOne<AppUser>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Product>().WithMany().HasForeignKey(f => f.ProductId).OnDelete(DeleteBehavior.Cascade);
        // One heart per customer and product; pages read a customer's ids, newest first.
        b.HasIndex(f => new { f.UserId, f.ProductId }).IsUnique();
        b.HasIndex(f => f.ProductId);
    }
}

public sealed record FavouriteView(int ProductId, DateTime CreatedAt);

/// <summary>A customer's favourites: add, remove, toggle (the heart's form), list, and the ids a page marks as filled.</summary>
public sealed class FavouriteService(DorixonaDbContext db, TimeProvider clock)
{
    /// <summary><c>true</c> when the product became a favourite now, <c>false</c> when it was one already; <c>product.notFound</c> otherwise.</summary>
    public async Task<Result<bool>> AddAsync(Guid userId, int productId, CancellationToken ct = default)
    {
        if (!await db.Products.AnyAsync(p => p.Id == productId && p.IsActive, ct)) return Result<bool>.Fail("productId", "product.notFound");
        if (await db.Favourites.AnyAsync(f => f.UserId == userId && f.ProductId == productId, ct)) return Result<bool>.Ok(false);
        db.Favourites.Add(new Favourite { UserId = userId, ProductId = productId, CreatedAt = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same heart tapped twice at once: the other request's row stands.
            db.ChangeTracker.Clear();
            return Result<bool>.Ok(false);
        }
        return Result<bool>.Ok(true);
    }

    public async Task<bool> RemoveAsync(Guid userId, int productId, CancellationToken ct = default) =>
        await db.Favourites.Where(f => f.UserId == userId && f.ProductId == productId).ExecuteDeleteAsync(ct) > 0;

    /// <summary>The heart's form: removes a favourite, or adds it. Answers whether it is a favourite now.</summary>
    public async Task<Result<bool>> ToggleAsync(Guid userId, int productId, CancellationToken ct = default)
    {
        if (await RemoveAsync(userId, productId, ct)) return Result<bool>.Ok(false);
        var added = await AddAsync(userId, productId, ct);
        return added.Succeeded ? Result<bool>.Ok(true) : added;
    }

    /// <summary>Newest first; products deleted since stay listed (the page offers to remove them).</summary>
    public async Task<IReadOnlyList<FavouriteView>> ListAsync(Guid userId, CancellationToken ct = default) =>
        await db.Favourites.AsNoTracking().Where(f => f.UserId == userId)
            .OrderByDescending(f => f.CreatedAt).ThenByDescending(f => f.Id)
            .Select(f => new FavouriteView(f.ProductId, f.CreatedAt)).ToListAsync(ct);

    public async Task<IReadOnlySet<int>> IdsAsync(Guid userId, CancellationToken ct = default) =>
        (await db.Favourites.AsNoTracking().Where(f => f.UserId == userId).Select(f => f.ProductId).ToListAsync(ct)).ToHashSet();

    /// <summary>Names of products no longer in the catalog, for the favourites page's "no longer sold" list.</summary>
    public Task<Dictionary<int, string>> NamesAsync(IReadOnlyCollection<int> productIds, CancellationToken ct = default) =>
        db.Products.IgnoreQueryFilters().AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);

    public Task<bool> IsFavouriteAsync(Guid userId, int productId, CancellationToken ct = default) =>
        db.Favourites.AnyAsync(f => f.UserId == userId && f.ProductId == productId, ct);
}
