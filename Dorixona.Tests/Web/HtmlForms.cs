using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Dorixona.Tests.Web;

/// <summary>Reads pages and posts their forms the way a browser without JavaScript does: antiforgery token included.</summary>
public static class HtmlForms
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetPageAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}");
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>
    /// Fills the form whose hidden <c>_handler</c> is <paramref name="formName"/> (or whose action is
    /// <paramref name="formName"/>) on the page at <paramref name="url"/>, and posts it.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string url, string formName, IDictionary<string, string> fields) =>
        await client.SubmitAsync(await client.GetPageAsync(url), url, formName, fields);

    /// <summary>As above, on a page already in hand (a form that a POST answered, such as a checkout's review step).</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, IHtmlDocument page, string url, string formName, IDictionary<string, string> fields)
    {
        var form = page.Forms.FirstOrDefault(f => f.QuerySelector($"input[name=_handler][value='{formName}']") is not null)
            ?? page.Forms.FirstOrDefault(f => f.GetAttribute("action") == formName)
            ?? throw new InvalidOperationException($"No form '{formName}' on {url}");
        // What a browser sends: every named input with its current value (checkboxes only when checked), and selects.
        var values = new Dictionary<string, string>();
        foreach (var input in form.Elements.OfType<IHtmlInputElement>().Where(i => !string.IsNullOrEmpty(i.Name) && i.Type != "submit"))
        {
            if (input.Type is "checkbox" or "radio" && !input.IsChecked) continue;
            values[input.Name!] = input.Type is "checkbox" && input.Value is "" ? "on" : input.Value;
        }
        foreach (var select in form.Elements.OfType<IHtmlSelectElement>().Where(s => !string.IsNullOrEmpty(s.Name)))
            values[select.Name!] = select.Value ?? "";
        foreach (var (key, value) in fields) values[key] = value;
        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? url : action;
        return await client.PostAsync(target, new FormUrlEncodedContent(values));
    }

    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string phone, string password) =>
        await client.SubmitAsync("/account/login", "login", new Dictionary<string, string>
        {
            ["Input.Phone"] = phone, ["Input.Password"] = password,
        });
}
