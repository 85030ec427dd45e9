using Dorixona.Core.Common;

namespace Dorixona.Core.Catalog.Admin;

/// <summary>
/// What every catalog admin service offers, so the admin API and the admin pages handle categories,
/// substances, manufacturers, branches and products with one piece of code each. Not found is the error
/// <c>{kind}.notFound</c>; a refusal because something depends on the row is <c>{kind}.inUse</c> or <c>.notEmpty</c>.
/// </summary>
public interface ICatalogAdmin
{
    Task<Result> SetActiveAsync(int id, bool active, CancellationToken ct = default);

    /// <summary>Soft delete where the row has <c>DeletedAt</c>; otherwise a real delete, refused while anything refers to the row.</summary>
    Task<Result> DeleteAsync(int id, CancellationToken ct = default);
}

public interface ICatalogAdmin<TInput, TView> : ICatalogAdmin where TInput : class, new()
{
    Task<TView?> FindAsync(int id, CancellationToken ct = default);

    /// <summary>The editable fields as they are now: the start of an edit form or of a PATCH.</summary>
    Task<TInput?> GetInputAsync(int id, CancellationToken ct = default);

    Task<Result<int>> CreateAsync(TInput input, CancellationToken ct = default);

    Task<Result> UpdateAsync(int id, TInput input, CancellationToken ct = default);
}
