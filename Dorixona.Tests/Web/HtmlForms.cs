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
    /// Fills the form whose hidden <c>_handler</c> is <paramref name="formName"/> (or whose action, or a button's
    /// formaction, is <paramref name="formName"/>) on the page at <paramref name="url"/>, and posts it.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string url, string formName, IDictionary<string, string> fields) =>
        await client.SubmitAsync(await client.GetPageAsync(url), url, formName, fields);

    /// <summary>As above, on a page already in hand (a form that a POST answered, such as a checkout's review step).</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, IHtmlDocument page, string url, string formName, IDictionary<string, string> fields)
    {
        var (target, values) = Fill(page, url, formName, fields);
        return await client.PostAsync(target, new FormUrlEncodedContent(values));
    }

    /// <summary>As <see cref="SubmitAsync(HttpClient, string, string, IDictionary{string, string})"/>, for a <c>multipart/form-data</c> form with one file input.</summary>
    public static async Task<HttpResponseMessage> SubmitFileAsync(
        this HttpClient client, string url, string formName, string fileField, string fileName, byte[] content, IDictionary<string, string>? fields = null)
    {
        var (target, values) = Fill(await client.GetPageAsync(url), url, formName, fields ?? new Dictionary<string, string>());
        using var body = new MultipartFormDataContent();
        foreach (var (key, value) in values) body.Add(new StringContent(value), key);
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        body.Add(file, fileField, fileName);
        return await client.PostAsync(target, body);
    }

    private static (string Target, Dictionary<string, string> Values) Fill(IHtmlDocument page, string url, string formName, IDictionary<string, string> fields)
    {
        var form = page.Forms.FirstOrDefault(f => f.QuerySelector($"input[name=_handler][value='{formName}']") is not null)
            ?? page.Forms.FirstOrDefault(f => f.GetAttribute("action") == formName)
            // A submit button that posts its whole form elsewhere (checkout's prescription upload).
            ?? page.Forms.FirstOrDefault(f => f.QuerySelector($"button[formaction='{formName}']") is not null)
            ?? throw new InvalidOperationException($"No form '{formName}' on {url}");
        // What a browser sends: every named input with its current value (checkboxes only when checked), selects and text areas.
        var values = new Dictionary<string, string>();
        foreach (var input in form.Elements.OfType<IHtmlInputElement>().Where(i => !string.IsNullOrEmpty(i.Name) && i.Type is not ("submit" or "file")))
        {
            if (input.Type is "checkbox" or "radio" && !input.IsChecked) continue;
            values[input.Name!] = input.Type is "checkbox" && input.Value is "" ? "on" : input.Value;
        }
        foreach (var select in form.Elements.OfType<IHtmlSelectElement>().Where(s => !string.IsNullOrEmpty(s.Name)))
            values[select.Name!] = select.Value ?? "";
        foreach (var area in form.Elements.OfType<IHtmlTextAreaElement>().Where(a => !string.IsNullOrEmpty(a.Name)))
            values[area.Name!] = area.Value;
        foreach (var (key, value) in fields) values[key] = value;
        var action = form.QuerySelector($"button[formaction='{formName}']") is not null ? formName : form.GetAttribute("action");
        return (string.IsNullOrEmpty(action) ? url : action, values);
    }

    /// <summary>
    /// Signs in through the login form. On success the client also sends the page's antiforgery token in the header,
    /// as the site's own JavaScript does, so its cookie-signed JSON API calls are the ones a page of ours could make.
    /// </summary>
    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string phone, string password, string? returnUrl = null)
    {
        client.DefaultRequestHeaders.Remove(AntiforgeryHeader);
        var login = returnUrl is null ? "/account/login" : "/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl);
        var response = await client.SubmitAsync(login, "login", new Dictionary<string, string>
        {
            ["Input.Phone"] = phone, ["Input.Password"] = password,
        });
        if (response.StatusCode == System.Net.HttpStatusCode.Redirect) client.DefaultRequestHeaders.Add(AntiforgeryHeader, await TokenAsync(client));
        return response;
    }

    public const string AntiforgeryHeader = "RequestVerificationToken";

    /// <summary>The antiforgery token a page of the site gives this client (every page carries the language form).</summary>
    public static async Task<string> TokenAsync(this HttpClient client)
    {
        var page = await client.GetPageAsync("/account/profile");
        return page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }
}
