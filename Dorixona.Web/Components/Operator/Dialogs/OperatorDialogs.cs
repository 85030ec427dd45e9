using Dorixona.Core.Common;
using MudBlazor;

namespace Dorixona.Web.Components.Operator.Dialogs;

public static class OperatorDialogs
{
    /// <summary>Shows <see cref="ActionDialog"/>; true when the person confirmed and the action succeeded.</summary>
    public static async Task<bool> ConfirmAsync(this IDialogService dialogs, string title, string message, string confirmText,
        Func<string?, Task<Result>> action, string? fieldLabel = null, Color color = Color.Error, string? initial = null)
    {
        var parameters = new DialogParameters<ActionDialog>
        {
            { d => d.Message, message },
            { d => d.ConfirmText, confirmText },
            { d => d.FieldLabel, fieldLabel },
            { d => d.Color, color },
            { d => d.Action, action },
            { d => d.Initial, initial },
        };
        var dialog = await dialogs.ShowAsync<ActionDialog>(title, parameters);
        var result = await dialog.Result;
        return result is { Canceled: false };
    }
}
