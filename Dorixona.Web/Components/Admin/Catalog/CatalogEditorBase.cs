using Dorixona.Core.Catalog.Admin;
using Dorixona.Core.Common;
using Dorixona.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace Dorixona.Web.Components.Admin.Catalog;

/// <summary>
/// A create/edit page of one kind of catalog row at <c>/admin/catalog/{Section}/new</c> and <c>/{Section}/{id}</c>:
/// loads the row (404 when there is none), posts the form named "entity", shows field errors, redirects when saved.
/// </summary>
public abstract class CatalogEditorBase<TService, TInput, TView> : FormPageBase
    where TService : ICatalogAdmin<TInput, TView> where TInput : class, new() where TView : class
{
    [Inject] protected TService Service { get; set; } = default!;
    [Parameter] public int? Id { get; set; }
    [SupplyParameterFromForm(FormName = "entity")] protected TInput? Input { get; set; }
    [SupplyParameterFromQuery(Name = "saved")] protected string? SavedQuery { get; set; }
    protected int? Saved => QueryValue.Number(SavedQuery);
    [SupplyParameterFromQuery(Name = "status")] protected string? StatusChangedQuery { get; set; }
    protected int? StatusChanged => QueryValue.Number(StatusChangedQuery);

    protected TView? Current { get; private set; }

    /// <summary>
    /// False until the row and the choices are loaded: pages render no form before, so a missing row's 404
    /// page never meets a half-rendered form.
    /// </summary>
    protected bool Loaded { get; private set; }

    /// <summary>The URL segment: "categories", "substances" …</summary>
    protected abstract string Section { get; }

    protected string ListUrl => "/admin/catalog/" + Section;

    protected override async Task OnInitializedAsync()
    {
        var posted = Input is not null;
        Bind(Input ??= new TInput());
        if (posted) ReadPosted(Input);
        if (Id is { } id)
        {
            Current = await Service.FindAsync(id);
            if (Current is null)
            {
                Navigation.NotFound();
                return;
            }
            if (!posted) Bind(Input = (await Service.GetInputAsync(id))!);
        }
        await LoadAsync();
        Loaded = true;
    }

    /// <summary>What else the form needs (choices for selects).</summary>
    protected virtual Task LoadAsync() => Task.CompletedTask;

    /// <summary>Reads what form mapping cannot (a multi-select) into the posted input.</summary>
    protected virtual void ReadPosted(TInput input)
    {
    }

    protected async Task SaveAsync()
    {
        Result saved;
        int id;
        if (Id is { } existing)
        {
            saved = await Service.UpdateAsync(existing, Input!);
            id = existing;
        }
        else
        {
            var created = await Service.CreateAsync(Input!);
            saved = created;
            id = created.Value;
        }
        if (!saved.Succeeded)
        {
            ShowErrors(saved.Errors);
            return;
        }
        Navigation.NavigateTo($"{ListUrl}/{id}?saved=1");
    }
}
