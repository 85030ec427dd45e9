using Dorixona.Core.Common;
using Dorixona.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Dorixona.Web.Components.Admin.Catalog;

/// <summary>
/// Core's field errors of the last save, in the user's language, by Core's field name ("price", "substanceIds"), so each
/// MudBlazor field shows its own beside itself (<c>Error</c>/<c>ErrorText</c>); errors of no field are the form's.
/// </summary>
public sealed class FieldMessages
{
    private readonly Dictionary<string, string> _fields = new(StringComparer.OrdinalIgnoreCase);

    public string? Form { get; private set; }

    public bool Any => Form is not null || _fields.Count > 0;

    public bool Has(string field) => _fields.ContainsKey(field);

    public string? this[string field] => _fields.GetValueOrDefault(field);

    /// <summary>Every message, the form's first: what a snackbar says when the save is refused.</summary>
    public string Summary => string.Join(" ", (Form is null ? [] : new[] { Form }).Concat(_fields.Values));

    public void Show(IStringLocalizer text, IEnumerable<FieldError> errors)
    {
        Clear();
        foreach (var error in errors)
        {
            var message = text.Error(error);
            if (error.Field is null) Form = Form is null ? message : Form + " " + message;
            else _fields[error.Field] = _fields.TryGetValue(error.Field, out var had) ? had + " " + message : message;
        }
    }

    public void Clear()
    {
        _fields.Clear();
        Form = null;
    }
}
