using Dorixona.Core.Catalog.Search;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Catalog.Admin;

/// <summary>
/// Runs one admin change to the catalog: its checks and its writes in one transaction together with the
/// catalog revision bump, then updates this instance's search index so the admin sees the change at once. A change to
/// products alone (their rows, substances, images, leaflets) stamps those products instead of bumping the revision, and
/// the index updates only them; anything else (a category, a substance, a manufacturer, a branch) rebuilds it.
/// </summary>
public sealed class CatalogWrites(DorixonaDbContext db, CatalogRevisions revisions, CatalogIndex index, CatalogChangeSignal signal, TimeProvider clock)
{
    /// <summary>
    /// <paramref name="change"/> validates and changes tracked entities; nothing is written when it fails.
    /// When a concurrent writer takes a unique name between the check and the insert, the database refuses
    /// it; the change then runs once more, and its check now answers the field error.
    /// </summary>
    public async Task<Result<TOut>> SaveAsync<TEntity, TOut>(Func<Task<Result<TEntity>>> change, Func<TEntity, TOut> output, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var result = await change();
            if (!result.Succeeded)
            {
                db.ChangeTracker.Clear();
                return Result<TOut>.Fail(result.Errors);
            }
            IReadOnlyCollection<int>? products;
            try
            {
                products = await SaveAndMarkAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateException) when (attempt == 1)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                continue;
            }
            await ApplyAsync(products, ct);
            return Result<TOut>.Ok(output(result.Value!));
        }
    }

    /// <summary>Finds one row (<paramref name="notFoundCode"/> when there is none) and changes it as <see cref="SaveAsync{TEntity,TOut}"/> does.</summary>
    public async Task<Result> ChangeAsync<TEntity>(Func<Task<TEntity?>> find, string notFoundCode, Func<TEntity, Task<Result>> change, CancellationToken ct)
        where TEntity : class =>
        await SaveAsync(async () =>
        {
            if (await find() is not { } entity) return Result<TEntity>.Fail(null, notFoundCode);
            var result = await change(entity);
            return result.Succeeded ? Result<TEntity>.Ok(entity) : Result<TEntity>.Fail(result.Errors);
        }, _ => true, ct);

    /// <summary>Checks an input and, when it passes, adds the entity <paramref name="make"/> builds from it; answers its id.</summary>
    internal Task<Result<int>> CreateAsync<TEntity>(Func<Task<Checks>> check, Func<TEntity> make, Func<TEntity, int> id, CancellationToken ct)
        where TEntity : class =>
        SaveAsync(async () =>
        {
            var checks = await check();
            if (checks.Failed) return checks.Fail<TEntity>();
            var entity = make();
            db.Add(entity);
            return Result<TEntity>.Ok(entity);
        }, id, ct);

    /// <summary>Finds one row, checks the input against it and, when it passes, applies it.</summary>
    internal Task<Result> UpdateAsync<TEntity>(Func<Task<TEntity?>> find, string notFoundCode, Func<TEntity, Task<Checks>> check, Action<TEntity> apply, CancellationToken ct)
        where TEntity : class =>
        ChangeAsync(find, notFoundCode, async entity =>
        {
            var checks = await check(entity);
            if (checks.Failed) return Result.Fail(checks.Errors);
            apply(entity);
            return Result.Ok();
        }, ct);

    /// <summary>Finds one row and changes what needs no checking (a flag).</summary>
    public Task<Result> ChangeAsync<TEntity>(Func<Task<TEntity?>> find, string notFoundCode, Action<TEntity> change, CancellationToken ct) where TEntity : class =>
        ChangeAsync(find, notFoundCode, entity =>
        {
            change(entity);
            return Task.FromResult(Result.Ok());
        }, ct);

    /// <summary>
    /// A real delete of a row nothing refers to. Foreign keys that are not checked beforehand (tables added
    /// later, such as orders) still refuse it; that answers <paramref name="inUseCode"/>, never an exception.
    /// </summary>
    public async Task<Result> DeleteAsync<TEntity>(Func<Task<Result<TEntity>>> find, string inUseCode, CancellationToken ct) where TEntity : class
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var found = await find();
        if (!found.Succeeded) return found;
        db.Remove(found.Value!);
        IReadOnlyCollection<int>? products;
        try
        {
            products = await SaveAndMarkAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Result.Fail(null, inUseCode);
        }
        await ApplyAsync(products, ct);
        return Result.Ok();
    }

    /// <summary>
    /// Saves the tracked changes and marks them for the index: the products changed when nothing but products (and what
    /// hangs off one product) changed, stamped in this transaction; otherwise the revision moves and null is answered.
    /// </summary>
    private async Task<IReadOnlyCollection<int>?> SaveAndMarkAsync(CancellationToken ct)
    {
        var changed = db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => e.Entity).ToList();
        await db.SaveChangesAsync(ct);
        var products = new HashSet<int>();
        foreach (var entity in changed)
        {
            switch (entity)
            {
                case Product p: products.Add(p.Id); break;
                case ProductSubstance s: products.Add(s.ProductId); break;
                case ProductImage i: products.Add(i.ProductId); break;
                case ProductLeaflet l: products.Add(l.ProductId); break;
                case Audit.AuditEntry: break; // the price history: not in the index
                default:
                    await revisions.BumpCatalogAsync(ct);
                    return null;
            }
        }
        await revisions.StampProductsAsync(products, clock.GetUtcNow().UtcDateTime, ct);
        return products;
    }

    /// <summary>After the commit: this instance's index takes the change now, and the other instances hear of it.</summary>
    private async Task ApplyAsync(IReadOnlyCollection<int>? products, CancellationToken ct)
    {
        if (products is null)
        {
            await index.RebuildAsync(ct);
            return;
        }
        signal.ProductsChanged(products);
        await index.ApplyChangesAsync(ct);
    }
}
