using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace Dorixona.Web.Components.Orders;

/// <summary>What an add to the cart did, carried to the next page in its query string (Post/Redirect/Get, no session).</summary>
public sealed record CartNoticeModel(int ProductId, int Quantity, bool Capped, string? Error)
{
    public string AppendTo(string url)
    {
        var clean = QueryHelpers.ParseQuery(new Uri("http://x" + url).Query)
            .Where(q => q.Key is not ("added" or "qty" or "capped" or "cartError"))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)));
        var path = url.Split('?', 2)[0];
        var query = Error is null
            ? clean.Append(new("added", Id(ProductId))).Append(new("qty", Id(Quantity))).Concat(Capped ? [new("capped", "1")] : [])
            : clean.Append(new("added", Id(ProductId))).Append(new("cartError", Error));
        return QueryHelpers.AddQueryString(path, query);
    }

    public static CartNoticeModel? FromQuery(string uri)
    {
        var q = QueryHelpers.ParseQuery(new Uri(uri).Query);
        if (!int.TryParse(q.GetValueOrDefault("added"), CultureInfo.InvariantCulture, out var productId)) return null;
        var error = q.GetValueOrDefault("cartError").ToString() is { Length: > 0 and < 40 } e && e.All(c => char.IsAsciiLetter(c) || c == '.') ? e : null;
        _ = int.TryParse(q.GetValueOrDefault("qty"), CultureInfo.InvariantCulture, out var quantity);
        return new CartNoticeModel(productId, quantity, q.GetValueOrDefault("capped") == "1", error);
    }

    private static string Id(int n) => n.ToString(CultureInfo.InvariantCulture);
}
