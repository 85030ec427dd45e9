using Dorixona.Core.Favourites;
using Dorixona.Web.Infrastructure;

namespace Dorixona.Web.Components.Storefront.Parts;

/// <summary>
/// The signed-in reader's favourite product ids, read once per request and kept in its items, so the hearts of every grid
/// on a page (the home page has two) share one small query. Read in its own scope, as layout parts do (decision 0001): grids
/// and the page initialise side by side. A guest has none and nothing is resolved, so the anonymous page opens no DbContext
/// (decision 0060).
/// </summary>
public static class FavouriteMarks
{
    private static readonly object Key = new();

    public static readonly IReadOnlySet<int> None = new HashSet<int>();

    public static ValueTask<IReadOnlySet<int>> ForAsync(HttpContext? http)
    {
        if (http?.User.Identity?.IsAuthenticated != true) return ValueTask.FromResult(None);
        if (http.Items[Key] is not Task<IReadOnlySet<int>> read) http.Items[Key] = read = ReadAsync(http);
        return new ValueTask<IReadOnlySet<int>>(read);
    }

    private static async Task<IReadOnlySet<int>> ReadAsync(HttpContext http)
    {
        await using var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FavouriteService>().IdsAsync(http.User.UserId(), http.RequestAborted);
    }
}
