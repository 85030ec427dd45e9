using Dorixona.Core.Favourites;
using Dorixona.Web.Infrastructure;

namespace Dorixona.Web.Components.Storefront.Parts;

/// <summary>
/// The signed-in reader's favourite product ids, read once per request and kept in its items, so the hearts of every grid
/// on a page cost one small query. A guest has none and nothing is resolved: the anonymous page opens no DbContext (decision 0060).
/// </summary>
public static class FavouriteMarks
{
    private static readonly object Key = new();

    public static readonly IReadOnlySet<int> None = new HashSet<int>();

    public static ValueTask<IReadOnlySet<int>> ForAsync(HttpContext? http)
    {
        if (http?.User.Identity?.IsAuthenticated != true) return ValueTask.FromResult(None);
        return http.Items[Key] is IReadOnlySet<int> ids ? ValueTask.FromResult(ids) : ReadAsync(http);
    }

    private static async ValueTask<IReadOnlySet<int>> ReadAsync(HttpContext http)
    {
        var ids = await http.RequestServices.GetRequiredService<FavouriteService>().IdsAsync(http.User.UserId(), http.RequestAborted);
        http.Items[Key] = ids;
        return ids;
    }
}
