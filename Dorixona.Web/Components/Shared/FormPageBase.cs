using Dorixona.Core.Common;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Localization;

namespace Dorixona.Web.Components.Shared;

/// <summary>
/// A static-SSR page with a posted form: binds the model to an <see cref="EditContext"/>, shows Core's
/// <see cref="FieldError"/>s as localized field messages (Bootstrap's is-invalid), and the form-wide one in <see cref="FormError"/>.
/// Pages wrap a field's messages in <c>&lt;div id="{input}-error"&gt;</c> and name it in the input's <c>aria-describedby</c>,
/// so a screen reader reads the error together with the field.
/// </summary>
public abstract class FormPageBase : ComponentBase
{
    [Inject] private IStringLocalizer<SharedStrings> Text { get; set; } = default!;
    [Inject] protected NavigationManager Navigation { get; set; } = default!;
    [CascadingParameter] protected HttpContext HttpContext { get; set; } = default!;

    protected EditContext Edit { get; private set; } = default!;
    protected string? FormError { get; set; }
    private ValidationMessageStore _messages = default!;

    protected void Bind(object model)
    {
        Edit = new EditContext(model);
        Edit.SetFieldCssClassProvider(new BootstrapFieldCss());
        _messages = new ValidationMessageStore(Edit);
    }

    protected void ShowErrors(IEnumerable<FieldError> errors)
    {
        _messages.Clear();
        FormError = null;
        foreach (var error in errors)
        {
            var message = Text.Error(error);
            if (error.Field is null) FormError = FormError is null ? message : FormError + " " + message;
            else _messages.Add(Edit.Field(char.ToUpperInvariant(error.Field[0]) + error.Field[1..]), message);
        }
        Edit.NotifyValidationStateChanged();
    }

    /// <summary>For inputs written by hand (passwords are never echoed back): "form-control is-invalid".</summary>
    protected string InputCss(string property) =>
        Edit.GetValidationMessages(Edit.Field(property)).Any() ? "form-control is-invalid" : "form-control";

    /// <summary>aria-invalid for inputs written by hand (InputText sets it itself); null leaves the attribute out.</summary>
    protected string? AriaInvalid(string property) =>
        Edit.GetValidationMessages(Edit.Field(property)).Any() ? "true" : null;

    private sealed class BootstrapFieldCss : FieldCssClassProvider
    {
        public override string GetFieldCssClass(EditContext editContext, in FieldIdentifier fieldIdentifier) =>
            editContext.GetValidationMessages(fieldIdentifier).Any() ? "is-invalid" : "";
    }
}
