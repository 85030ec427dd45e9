using Dorixona.Web.Components.Shared;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Dorixona.Web.Components.Admin.Catalog;

/// <summary>A form of the admin catalog: Core's error codes are worded from the admin resource.</summary>
public abstract class AdminFormBase : FormPageBase
{
    [Inject] private AdminText AdminMessages { get; set; } = default!;

    protected override IStringLocalizer Messages => AdminMessages;
}
