using Dorixona.Core.Catalog.Import;
using Dorixona.Core.Common;
using Microsoft.Extensions.Localization;

namespace Dorixona.Web.Infrastructure;

/// <summary>The admin portal's strings, falling back to the shared ones (common buttons, generic errors, problem titles).</summary>
public sealed class AdminText(IStringLocalizer<AdminResource> admin, IStringLocalizer<SharedResource> shared) : IStringLocalizer
{
    public LocalizedString this[string name] => admin[name] is { ResourceNotFound: false } text ? text : shared[name];

    public LocalizedString this[string name, params object[] arguments] =>
        admin[name, arguments] is { ResourceNotFound: false } text ? text : shared[name, arguments];

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        admin.GetAllStrings(includeParentCultures).Concat(shared.GetAllStrings(includeParentCultures));

    /// <summary>An import row's problem in words; the offending value (or the limit) is its argument.</summary>
    public string ImportError(ImportRowError error) => this.Error(new FieldError(error.Column, error.Code, error.Value ?? ""));
}
