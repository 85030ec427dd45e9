using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using Bunit;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Admin.Catalog;
using Dorixona.Web.Components.Admin.Catalog.Fields;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace Dorixona.Tests.Components.Admin;

public sealed class TextFieldTests : ComponentTest
{
    private sealed class BranchForm
    {
        [Required(ErrorMessage = "Nomini yozing")]
        public string? Name { get; set; }
    }

    private IRenderedComponent<EditForm> RenderForm(BranchForm model) => Render<EditForm>(p => p
        .Add(x => x.Model, model)
        .Add(x => x.ChildContent, (RenderFragment<EditContext>)(_ => b =>
        {
            b.OpenComponent<DataAnnotationsValidator>(0);
            b.CloseComponent();
            b.OpenComponent<TextField>(1);
            b.AddComponentParameter(2, nameof(TextField.Id), "branch-name");
            b.AddComponentParameter(3, nameof(TextField.Label), "Nomi");
            b.AddComponentParameter(4, nameof(TextField.Help), "Mijozlar ko‘radigan nom");
            b.AddComponentParameter(5, nameof(TextField.Value), model.Name);
            b.AddComponentParameter(6, nameof(TextField.ValueChanged), EventCallback.Factory.Create<string?>(this, v => model.Name = v));
            b.AddComponentParameter(7, nameof(TextField.ValueExpression), (Expression<Func<string?>>)(() => model.Name));
            b.AddComponentParameter(8, "maxlength", "200");
            b.CloseComponent();
        })));

    [Fact]
    public void The_input_is_labelled_and_points_at_its_help_and_error_lines()
    {
        var cut = RenderForm(new BranchForm());

        Assert.Equal("branch-name", cut.Find("label").GetAttribute("for"));
        var input = cut.Find("input#branch-name");
        Assert.Equal("branch-name-help branch-name-error", input.GetAttribute("aria-describedby"));
        Assert.Equal("200", input.GetAttribute("maxlength"));
        Assert.Equal("Mijozlar ko‘radigan nom", cut.Find("#branch-name-help").TextContent);
        Assert.Empty(cut.FindAll(".invalid-feedback"));
    }

    [Fact]
    public void A_refused_submit_shows_the_error_beside_its_field()
    {
        var cut = RenderForm(new BranchForm());

        cut.Find("form").Submit();

        Assert.Equal("Nomini yozing", cut.Find("#branch-name-error .invalid-feedback").TextContent);
        Assert.Contains("invalid", cut.Find("input#branch-name").ClassList);
        Assert.Equal("true", cut.Find("input#branch-name").GetAttribute("aria-invalid"));
    }

    [Fact]
    public void Typing_a_value_clears_the_error()
    {
        var model = new BranchForm();
        var cut = RenderForm(model);
        cut.Find("form").Submit();

        cut.Find("input#branch-name").Change("Chilonzor filiali");
        cut.Find("form").Submit();

        Assert.Equal("Chilonzor filiali", model.Name);
        Assert.Empty(cut.FindAll(".invalid-feedback"));
    }

    [Fact]
    public void The_active_badge_says_whether_a_row_is_shown_to_customers()
    {
        Assert.Equal("Faol", Render<ActiveBadge>(p => p.Add(x => x.IsActive, true)).Find(".badge").TextContent);
        var inactive = Render<ActiveBadge>(p => p.Add(x => x.IsActive, false)).Find(".badge");
        Assert.Equal("Nofaol", inactive.TextContent);
        Assert.Contains("text-bg-secondary", inactive.ClassList);
    }
}
