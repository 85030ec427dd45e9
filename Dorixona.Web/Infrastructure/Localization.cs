using System.Globalization;
using Dorixona.Core.Catalog.Import;
using Dorixona.Core.Common;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace Dorixona.Web.Infrastructure;

/// <summary>Uzbek (Latin) first, then Russian and English; the choice lives in a cookie.</summary>
public static class Cultures
{
    public const string Default = "uz";
    public static readonly IReadOnlyList<string> Languages = ["uz", "ru", "en"];

    /// <summary>Neutral cultures, so "ru", "ru-RU" and "ru-UZ" all land on Russian.</summary>
    public static CultureInfo For(string language) => CultureInfo.GetCultureInfo(Languages.Contains(language) ? language : Default);

    /// <summary>The two-letter code used in <c>&lt;html lang&gt;</c>, the cookie and the switcher.</summary>
    public static string Current => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName is var l && Languages.Contains(l) ? l : Default;

    /// <summary>Remembers the language for a year in ASP.NET Core's culture cookie.</summary>
    public static void WriteCookie(HttpContext http, string? language)
    {
        var c = For(language is not null && Languages.Contains(language) ? language : Default);
        http.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(c, c)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true, Secure = http.Request.IsHttps });
    }

    public static RequestLocalizationOptions Options()
    {
        var cultures = Languages.Select(For).ToList();
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(For(Default)),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
        };
        // A short "?culture=ru" or the cookie wins; Accept-Language serves API clients; Uzbek otherwise.
        options.RequestCultureProviders =
        [
            new QueryStringRequestCultureProvider { QueryStringKey = "culture", UIQueryStringKey = "culture" },
            new CookieRequestCultureProvider(),
            new ApiAcceptLanguageProvider(),
        ];
        foreach (var provider in options.RequestCultureProviders.OfType<RequestCultureProvider>()) provider.Options = options;
        return options;
    }
}

/// <summary>
/// Accept-Language for <c>/api</c> only. Every browser sends the header (usually en-US), so honouring it on pages
/// would greet most visitors in English instead of Uzbek; people pick their language with the switcher.
/// </summary>
public sealed class ApiAcceptLanguageProvider : AcceptLanguageHeaderRequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
        httpContext.Request.Path.StartsWithSegments("/api")
            ? base.DetermineProviderCultureResult(httpContext)
            : NullProviderCultureResult;
}

public static class LocalizerExtensions
{
    /// <summary>Turns a Core <see cref="FieldError"/> into a sentence: key <c>error.{code}</c>.</summary>
    public static string Error(this IStringLocalizer localizer, FieldError error)
    {
        var text = localizer["error." + error.Code, error.Args];
        return text.ResourceNotFound ? localizer["error.generic"] : text.Value;
    }

    /// <summary>An import row's problem in words; the offending value (or the limit) is its argument.</summary>
    public static string ImportError(this IStringLocalizer localizer, ImportRowError error) =>
        localizer.Error(new FieldError(error.Column, error.Code, error.Value ?? ""));

    /// <summary>"2 h 05 min", "3 d 4 h", "12 min": how long something has waited (keys <c>wait.*</c>).</summary>
    public static string Duration(this IStringLocalizer localizer, TimeSpan? span)
    {
        if (span is not { } s) return "—";
        if (s.TotalMinutes < 1) return localizer["wait.lessThanMinute"];
        if (s.TotalHours < 1) return localizer["wait.minutes", (int)s.TotalMinutes];
        if (s.TotalDays < 1) return localizer["wait.hours", (int)s.TotalHours, s.Minutes];
        return localizer["wait.days", (int)s.TotalDays, s.Hours];
    }
}
