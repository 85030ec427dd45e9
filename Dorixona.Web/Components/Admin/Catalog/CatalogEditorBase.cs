using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Common;
using Dorixona.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Dorixona.Web.Components.Admin.Catalog;

/// <summary>
/// A create/edit page of one kind of catalog row at <c>/admin/catalog/{Section}/new</c> and <c>/{Section}/{id}</c>, in a
/// circuit: loads the row (404 when there is none), saves through Core in a fresh scope per call, shows Core's field errors
/// beside the fields while keeping what was typed, and says every outcome in a snackbar.
/// </summary>
public abstract class CatalogEditorBase<TService, TInput, TView> : LiveComponent
    where TService : ICatalogAdmin<TInput, TView> where TInput : class, new() where TView : class
{
    [Inject] protected Operation<TService> Service { get; set; } = default!;
    [Inject] protected NavigationManager Navigation { get; set; } = default!;
    [Inject] protected ISnackbar Snackbar { get; set; } = default!;
    [Inject] protected IStringLocalizer<AdminStrings> AdminText { get; set; } = default!;
    [Inject] protected IStringLocalizer<SharedStrings> Text { get; set; } = default!;
    [Parameter] public int? Id { get; set; }

    protected TInput Input { get; private set; } = new();
    protected TView? Current { get; private set; }
    protected FieldMessages Errors { get; } = new();
    protected bool Saving { get; private set; }

    /// <summary>
    /// False until the row and the choices are loaded: pages render no form before, so a missing row's 404
    /// page never meets a half-rendered form.
    /// </summary>
    protected bool Loaded { get; private set; }

    /// <summary>The URL segment: "categories", "substances" …</summary>
    protected abstract string Section { get; }

    protected virtual string ListUrl => "/admin/catalog/" + Section;

    protected override async Task OnParametersSetAsync()
    {
        Loaded = false;
        Errors.Clear();
        Current = null;
        Input = new TInput();
        if (Id is { } id)
        {
            Current = await Service.RunAsync(s => s.FindAsync(id));
            if (Current is null)
            {
                Navigation.NotFound();
                return;
            }
            Input = await Service.RunAsync(s => s.GetInputAsync(id)) ?? new TInput();
        }
        await LoadAsync();
        Loaded = true;
    }

    /// <summary>What else the form needs (choices for selects).</summary>
    protected virtual Task LoadAsync() => Task.CompletedTask;

    /// <summary>Reads the row again after a change made beside the form (status, images), keeping what is being typed.</summary>
    protected async Task ReloadCurrentAsync()
    {
        if (Id is { } id) Current = await Service.RunAsync(s => s.FindAsync(id));
    }

    protected Task<Result> SetActiveAsync(bool active) => Service.RunAsync(s => s.SetActiveAsync(Id!.Value, active));

    protected Task<Result> DeleteAsync() => Service.RunAsync(s => s.DeleteAsync(Id!.Value));

    protected async Task SaveAsync()
    {
        if (Saving) return;
        Saving = true;
        try
        {
            Result saved;
            int id;
            var input = Input;
            if (Id is { } existing)
            {
                saved = await Service.RunAsync(s => s.UpdateAsync(existing, input));
                id = existing;
            }
            else
            {
                var created = await Service.RunAsync(s => s.CreateAsync(input));
                saved = created;
                id = created.Value;
            }
            if (!saved.Succeeded)
            {
                Errors.Show(Text, saved.Errors);
                Snackbar.Add(AdminText["catalog.notSaved", Errors.Summary], Severity.Error);
                return;
            }
            Errors.Clear();
            Snackbar.Add(AdminText["catalog.saved"], Severity.Success);
            if (Id is null) Navigation.NavigateTo($"{ListUrl}/{id}");
            else
            {
                Current = await Service.RunAsync(s => s.FindAsync(id));
                Input = await Service.RunAsync(s => s.GetInputAsync(id)) ?? Input;
            }
        }
        finally
        {
            Saving = false;
        }
    }
}
