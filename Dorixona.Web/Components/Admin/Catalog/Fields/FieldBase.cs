using System.Linq.Expressions;
using Microsoft.AspNetCore.Components;

namespace Dorixona.Web.Components.Admin.Catalog.Fields;

/// <summary>
/// A labelled form field bound with <c>@bind-Value</c>: the input gets its name from the bound expression, and its
/// help and error lines (ids <c>{Id}-help</c>, <c>{Id}-error</c>) through <c>aria-describedby</c>, as on the account pages.
/// </summary>
public abstract class FieldBase<TValue> : ComponentBase
{
    [Parameter, EditorRequired] public string Id { get; set; } = "";
    [Parameter, EditorRequired] public string Label { get; set; } = "";
    [Parameter] public string? Help { get; set; }
    [Parameter] public TValue Value { get; set; } = default!;
    [Parameter] public EventCallback<TValue> ValueChanged { get; set; }
    [Parameter] public Expression<Func<TValue>> ValueExpression { get; set; } = default!;
    /// <summary>Anything else goes onto the input (maxlength, min, autocomplete …).</summary>
    [Parameter(CaptureUnmatchedValues = true)] public IReadOnlyDictionary<string, object>? InputAttributes { get; set; }

    protected IReadOnlyDictionary<string, object> Attributes => new Dictionary<string, object>(InputAttributes ?? new Dictionary<string, object>())
    {
        ["id"] = Id,
        ["aria-describedby"] = Help is null ? Id + "-error" : $"{Id}-help {Id}-error",
    };
}
