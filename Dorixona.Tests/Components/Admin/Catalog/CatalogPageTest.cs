using AngleSharp.Dom;
using Bunit;
using Dorixona.Core.Identity;
using Dorixona.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dorixona.Tests.Components.Admin.Catalog;

/// <summary>The admin catalog's pages in a circuit, on real Core services over the class's SQLite database.</summary>
public abstract class CatalogPageTest(SqliteDatabase database) : PortalComponentTest(database)
{
    public static TheoryData<string> OtherRoles => [Roles.Operator, Roles.Courier, Roles.Customer];

    protected CatalogBuilder Catalog => new(Services);

    /// <summary>The messages the snackbar has said so far, oldest first.</summary>
    protected IReadOnlyList<string> Said => Services.GetService<ISnackbar>()!.ShownSnackbars.Select(s => s.Message ?? "").ToList();

    /// <summary>The text a MudBlazor field shows under itself as its error; empty when it shows none.</summary>
    protected static string ErrorBeside(IRenderedComponent<IComponent> page, string inputId)
    {
        var control = page.Find($"#{inputId}").Closest(".mud-input-control")!;
        return control.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim() ?? "";
    }

    protected static IElement Button(IRenderedComponent<IComponent> page, string text) =>
        page.FindAll("button").First(b => b.TextContent.Trim() == text);

    /// <summary>Chooses in a MudSelect as a person would (its bound value changes).</summary>
    protected static Task ChooseAsync<T>(IRenderedComponent<IComponent> page, string inputId, T value) =>
        Set(page.FindComponents<MudSelect<T>>().Select(f => (MudBaseInput<T>)f.Instance), page, inputId, value);

    protected static Task NumberAsync<T>(IRenderedComponent<IComponent> page, string inputId, T value) =>
        Set(page.FindComponents<MudNumericField<T>>().Select(f => (MudBaseInput<T>)f.Instance), page, inputId, value);

    protected static Task TypeAsync(IRenderedComponent<IComponent> page, string inputId, string value) =>
        Set(page.FindComponents<MudTextField<string>>().Select(f => (MudBaseInput<string>)f.Instance), page, inputId, value);

    private static async Task Set<T>(IEnumerable<MudBaseInput<T>> fields, IRenderedComponent<IComponent> page, string inputId, T value)
    {
        // Reading a parameter to find the field, as a person finds it by its label; the change goes through ValueChanged.
#pragma warning disable MUD0012
        var field = fields.Single(f => f.InputId == inputId);
#pragma warning restore MUD0012
        await page.InvokeAsync(() => field.ValueChanged.InvokeAsync(value));
    }
}
