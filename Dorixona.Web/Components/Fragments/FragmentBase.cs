using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Components;

namespace Dorixona.Web.Components.Fragments;

/// <summary>
/// A <c>/fragments/...</c> page: htmx re-fetches it when the live hub says something changed, and swaps the markup
/// into the page. What the caller may not see answers a bare 404 (no not-found page: nothing should be swapped in).
/// </summary>
public abstract class FragmentBase : ComponentBase
{
    [CascadingParameter] protected HttpContext HttpContext { get; set; } = default!;

    protected Guid UserId => HttpContext.User.UserId();

    protected void NotFound()
    {
        HttpContext.Response.StatusCode = StatusCodes.Status404NotFound;
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
    }
}
