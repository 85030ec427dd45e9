using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

// The operator board's circuits, measured against a running Dorixona (bench/portal-live.sh starts one):
//   dotnet bench/Dorixona.PortalBench/bin/Release/net10.0/Dorixona.PortalBench.dll --url http://127.0.0.1:PORT --pid APP_PID [--boards 1,20,50] [--orders 20] [--types 25]
// 1. Memory: the app's live managed heap (dotnet-gcdump: a full GC, then the bytes still reachable) with no board open —
//    after two boards were opened and closed, so code and caches are warm — then with the largest N idle boards open (each a
//    Chromium page in its own browser context, so its own circuit); the difference divided by N is what one idle board holds.
//    RSS is printed beside it (it includes what the GC keeps in reserve, so it overstates).
// 2. Commit to screen: with N boards open, a customer places a cash pickup order through the JSON API every second; each page
//    notes (Date.now(), in the page) when the order's number first appears in its DOM, and one call per page waits for that
//    note (no polling while the pages take the update). Two figures, p50/p95/max over orders × pages, wall clock of this
//    machine: from the moment the checkout request was sent (so including the whole checkout), and from the commit (the live
//    bus publishing the order's message, as the app notes it).
// 3. The server's side of the same pushes, without the browsers: the app (run with Bench:PushTimings=true) notes for every
//    circuit's component the time from the live bus publishing the commit to its handler starting and to its render batch
//    being handed to the circuit's connection; GET /bench/push-timings returns and forgets them.
// 4. Where the time goes: CPU seconds per order of all the Chromium processes this bench started and of the app (/proc), each
//    page's own counters (Chrome's Performance metrics: task, script, style and layout time, DOM nodes) and the bytes the
//    first board's connection received per order.
var options = Options.Parse(args);
using var http = new HttpClient { BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromSeconds(30) };

var customer = await TokenAsync(http, "+998900000004");
var product = await StockedProductAsync(http);
var branch = await BranchAsync(http);
Console.WriteLine($"app {options.Url} (pid {options.Pid}); product {product}, branch {branch}; orders per run {options.Orders}");

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = "/usr/bin/chromium", Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-timer-throttling", "--disable-renderer-backgrounding"],
});
var operatorState = await SignInStateAsync(browser, options.Url);

foreach (var warm in await OpenBoardsAsync(browser, operatorState, options.Url, 2, new long[1])) await warm.Context.CloseAsync();
await Task.Delay(TimeSpan.FromSeconds(3));
var reportBefore = await HeapReportAsync(options.Pid);
var heapBefore = HeapBytes(reportBefore);
var rssBefore = Rss(options.Pid);
foreach (var n in options.Boards)
{
    var socketBytes = new long[1];
    var serverSamples = new List<(double Started, double Sent, long PublishedAt)>();
    var boards = await OpenBoardsAsync(browser, operatorState, options.Url, n, socketBytes);
    // PORTAL_BENCH_SETTLE=SECONDS (default 5): how long the boards stay idle before the heap is read. The pages' loads leave
    // keep-alive HTTP connections open on the server (Kestrel closes idle ones after 130 s); 140 reads the boards without them.
    await Task.Delay(TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("PORTAL_BENCH_SETTLE"), CultureInfo.InvariantCulture, out var settle) ? settle : 5));
    if (n == options.Boards.Max())
    {
        var reportWith = await HeapReportAsync(options.Pid);
        var heapWith = HeapBytes(reportWith);
        var rssWith = Rss(options.Pid);
        Console.WriteLine($"memory: live managed heap {heapBefore / 1048576.0:0.0} MiB with no board, {heapWith / 1048576.0:0.0} MiB with {n} idle boards: "
            + $"{(heapWith - heapBefore) / 1024.0 / n:0} KiB per board (RSS {rssBefore / 1024.0:0} → {rssWith / 1024.0:0} MiB)");
        if (options.Types > 0)
        {
            // Where a board's bytes go: the types whose live bytes grew most, per board.
            var (before, with) = (TypeBytes(reportBefore), TypeBytes(reportWith));
            foreach (var (type, grew) in with.Select(t => (t.Key, t.Value - before.GetValueOrDefault(t.Key))).OrderByDescending(t => t.Item2).Take(options.Types))
                Console.WriteLine($"  {grew / 1024.0 / n,8:0.0} KiB per board  {type}");
        }
        // PORTAL_BENCH_HOLD=SECONDS: keep the idle boards open that long, to look at the app with other tools (dotnet-dump).
        if (int.TryParse(Environment.GetEnvironmentVariable("PORTAL_BENCH_HOLD"), CultureInfo.InvariantCulture, out var hold) && hold > 0)
        {
            Console.WriteLine($"holding {n} idle boards for {hold} s (app pid {options.Pid})");
            await Task.Delay(TimeSpan.FromSeconds(hold));
        }
    }

    await PushTimingsAsync(http); // forget what opening the boards caused
    var latencies = new List<double>();
    var fromCommit = new List<double>();
    var missed = 0;
    var sessions = await MetricSessionsAsync(boards);
    // What the open boards cost when nothing happens, so the per-order figures below can be read against it.
    var (idleBrowser, idleApp) = (ChromiumCpuSeconds(), ProcessCpuSeconds(options.Pid));
    await Task.Delay(TimeSpan.FromSeconds(5));
    Console.WriteLine($"{n} boards: CPU while idle: Chromium {(ChromiumCpuSeconds() - idleBrowser) * 1000 / 5:0} ms/s, app {(ProcessCpuSeconds(options.Pid) - idleApp) * 1000 / 5:0} ms/s");
    var (browserCpu, appCpu) = (ChromiumCpuSeconds(), ProcessCpuSeconds(options.Pid));
    var pageMetrics = await MetricsAsync(sessions);
    var bytesBefore = Interlocked.Read(ref socketBytes[0]);
    for (var i = 0; i < options.Orders; i++)
    {
        var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var (orderId, number) = await PlaceOrderAsync(http, customer, product, branch);
        // Each page notes (Date.now()) when the number first enters its DOM; one call per page waits for that note, so the
        // bench does not poll the pages while they take the update (polling 50 pages every 50 ms cost them CPU).
        var seen = await Task.WhenAll(boards.Select(b => SeenAsync(b.Page, number)));
        var server = await PushTimingsAsync(http);
        // The commit: the live bus publishing the new order's message, the first publication at or after the checkout was sent.
        var published = server.Where(s => s.PublishedAt >= sent).Select(s => (long?)s.PublishedAt).Min();
        foreach (var s in seen)
        {
            if (s is not { } at) { missed++; continue; }
            latencies.Add(at - sent);
            if (published is { } p) fromCommit.Add(at - p);
        }
        serverSamples.AddRange(server);
        // The board lists the oldest first: the customer takes each order back, so the next one is on the first page too.
        await CancelAsync(http, customer, orderId);
        await Task.Delay(TimeSpan.FromMilliseconds(1000));
    }
    var cycles = Math.Max(1, options.Orders);
    var browserPerOrder = (ChromiumCpuSeconds() - browserCpu) * 1000 / cycles;
    var appPerOrder = (ProcessCpuSeconds(options.Pid) - appCpu) * 1000 / cycles;
    var metricsAfter = await MetricsAsync(sessions);
    foreach (var session in sessions) await session.DetachAsync();
    var bytesPerOrder = (Interlocked.Read(ref socketBytes[0]) - bytesBefore) / (double)cycles;
    latencies.Sort();
    fromCommit.Sort();
    Console.WriteLine(latencies.Count == 0
        ? $"{n} boards: no order reached any board ({missed} misses)"
        : $"{n} boards: checkout-sent-to-screen p50 {Pct(latencies, 50):0} ms, p95 {Pct(latencies, 95):0} ms, max {latencies[^1]:0} ms over {latencies.Count} sightings ({options.Orders} orders × {n} boards), {missed} not seen within 10 s");
    if (fromCommit.Count > 0)
        Console.WriteLine($"{n} boards: commit-to-screen p50 {Pct(fromCommit, 50):0} ms, p95 {Pct(fromCommit, 95):0} ms, max {fromCommit[^1]:0} ms (from the live bus publishing the order)");
    serverSamples.AddRange(await PushTimingsAsync(http));
    if (serverSamples.Count > 0)
    {
        var sentMs = serverSamples.Select(s => s.Sent).Order().ToList();
        var started = serverSamples.Select(s => s.Started).Order().ToList();
        Console.WriteLine($"{n} boards: server commit-to-batch-sent p50 {Pct(sentMs, 50):0} ms, p95 {Pct(sentMs, 95):0} ms, max {sentMs[^1]:0} ms "
            + $"(handler started p50 {Pct(started, 50):0} ms, p95 {Pct(started, 95):0} ms) over {serverSamples.Count} renders");
    }
    // Where the time goes: CPU per order (its arrival and its cancellation re-render every board) in all Chromium processes
    // and in the app, and what each page's renderer did (Chrome's Performance metrics, mean over the pages).
    Console.WriteLine($"{n} boards: CPU per order: Chromium {browserPerOrder:0} ms ({browserPerOrder / n:0.0} ms per board), app {appPerOrder:0} ms; "
        + $"board 1's circuit received {bytesPerOrder / 1024:0.0} KiB per order");
    Console.WriteLine($"{n} boards: per board and order: " + string.Join(", ", new[] { "TaskDuration", "ScriptDuration", "RecalcStyleDuration", "LayoutDuration" }
        .Select(m => $"{m} {Enumerable.Range(0, boards.Count).Average(b => metricsAfter[b].GetValueOrDefault(m) - pageMetrics[b].GetValueOrDefault(m)) * 1000 / cycles:0.0} ms"))
        + $"; DOM nodes {metricsAfter.Average(m => m.GetValueOrDefault("Nodes")):0}");
    foreach (var board in boards) await board.Context.CloseAsync();
    await Task.Delay(TimeSpan.FromSeconds(2));
}
return 0;

static double Pct(List<double> sorted, int p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];

// The server's notes since the last call (empty when the app does not take them).
static async Task<List<(double Started, double Sent, long PublishedAt)>> PushTimingsAsync(HttpClient http)
{
    using var response = await http.GetAsync("/bench/push-timings");
    if (!response.IsSuccessStatusCode) return [];
    return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
        .Select(s => (s.GetProperty("startedMs").GetDouble(), s.GetProperty("sentMs").GetDouble(), s.GetProperty("publishedAtMs").GetInt64()))];
}

// When the page noted the number in its DOM (its Date.now()), or null when it did not within 10 s.
static async Task<double?> SeenAsync(IPage page, string number)
{
    const string wait = """
        n => window.__seen[n] || new Promise(resolve => {
          (window.__waiting[n] ??= []).push(resolve);
          setTimeout(() => resolve(null), 10000);
        })
        """;
    try
    {
        return await page.EvaluateAsync<double?>(wait, number);
    }
    catch (PlaywrightException)
    {
        return null;
    }
}

// CPU time (user + system, seconds) of every Chromium process this bench started: the descendants of this process.
static double ChromiumCpuSeconds()
{
    var parents = new Dictionary<int, int>();
    var cpu = new Dictionary<int, double>();
    foreach (var dir in Directory.EnumerateDirectories("/proc"))
    {
        if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid)) continue;
        try
        {
            var fields = StatFields(pid);
            parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            if (File.ReadAllText($"/proc/{pid}/comm").Trim().StartsWith("chrom", StringComparison.Ordinal)) cpu[pid] = Ticks(fields);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
    var me = Environment.ProcessId;
    bool Mine(int pid)
    {
        for (var p = pid; p > 1 && parents.TryGetValue(p, out var parent); p = parent)
            if (parent == me) return true;
        return false;
    }
    return cpu.Where(c => Mine(c.Key)).Sum(c => c.Value);
}

static double ProcessCpuSeconds(int pid) => Ticks(StatFields(pid));

// /proc/PID/stat after the command's name: [0] state, [1] ppid, ... [11] utime, [12] stime (clock ticks, 100 per second here).
static string[] StatFields(int pid)
{
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
}

static double Ticks(string[] fields) =>
    (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;

// Chrome's own counters per page (seconds of task, script, style and layout work since the session enabled them; DOM nodes),
// through the DevTools protocol: one session per page, kept open while the orders run.
static async Task<List<ICDPSession>> MetricSessionsAsync(List<(IBrowserContext Context, IPage Page)> boards)
{
    var sessions = new List<ICDPSession>();
    foreach (var (context, page) in boards)
    {
        var session = await context.NewCDPSessionAsync(page);
        await session.SendAsync("Performance.enable");
        sessions.Add(session);
    }
    return sessions;
}

static async Task<List<Dictionary<string, double>>> MetricsAsync(List<ICDPSession> sessions)
{
    var all = new List<Dictionary<string, double>>();
    foreach (var session in sessions)
    {
        var metrics = await session.SendAsync("Performance.getMetrics");
        all.Add(metrics!.Value.GetProperty("metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble()));
    }
    return all;
}

static async Task<string> HeapReportAsync(int pid)
{
    // The repository's local tool (.config/dotnet-tools.json): a full GC, then what is still reachable, by type.
    var run = Process.Start(new ProcessStartInfo("dotnet", $"dotnet-gcdump report -p {pid}") { RedirectStandardOutput = true, RedirectStandardError = true })!;
    var output = await run.StandardOutput.ReadToEndAsync();
    await run.WaitForExitAsync();
    return output.Contains("GC Heap bytes", StringComparison.Ordinal) ? output
        : throw new InvalidOperationException("dotnet-gcdump said: " + output + await run.StandardError.ReadToEndAsync());
}

// Its first line is "  12,262,117  GC Heap bytes".
static long HeapBytes(string report) =>
    long.Parse(report.Split('\n').First(l => l.Contains("GC Heap bytes", StringComparison.Ordinal)).Trim().Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

// The rows "  2,584  1,219  RenderTreeFrame[] (Bytes > 1K)  [assembly]" (bytes of one object, how many), summed per type over the size buckets.
static Dictionary<string, long> TypeBytes(string report)
{
    var bytes = new Dictionary<string, long>();
    foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(report, @"(?m)^\s*([\d,]+)\s+([\d,]+)\s+(.+?)(?:\s+\(Bytes > \d+K\))?\s+\[[^\]]+\]\s*$"))
    {
        var type = m.Groups[3].Value;
        bytes[type] = bytes.GetValueOrDefault(type) + long.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)
            * long.Parse(m.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }
    return bytes;
}

static long Rss(int pid)
{
    foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    throw new InvalidOperationException("no VmRSS");
}

static async Task<string> TokenAsync(HttpClient http, string phone)
{
    var response = await http.PostAsJsonAsync("/api/v1/auth/login", new { phone, password = "Demo12345" });
    response.EnsureSuccessStatusCode();
    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
}

static async Task<int> StockedProductAsync(HttpClient http)
{
    var page = await http.GetFromJsonAsync<JsonElement>("/api/v1/products?pageSize=50");
    var items = page.TryGetProperty("items", out var list) ? list : page;
    var best = items.EnumerateArray()
        .Where(i => !i.GetProperty("requiresPrescription").GetBoolean() && i.GetProperty("inStock").GetBoolean())
        .OrderByDescending(i => i.GetProperty("stock").GetInt32())
        .Select(i => (int?)i.GetProperty("id").GetInt32()).FirstOrDefault();
    if (best is { } id) return id;
    throw new InvalidOperationException("no stocked over-the-counter product in the first page of /api/v1/products");
}

static async Task<int> BranchAsync(HttpClient http) =>
    (await http.GetFromJsonAsync<JsonElement>("/api/v1/branches")).EnumerateArray().First().GetProperty("id").GetInt32();

static async Task CancelAsync(HttpClient http, string token, long orderId)
{
    using var cancel = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{orderId}/cancel") { Content = JsonContent.Create(new { reason = "bench" }) };
    cancel.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    (await http.SendAsync(cancel)).EnsureSuccessStatusCode();
}

static async Task<(long Id, string Number)> PlaceOrderAsync(HttpClient http, string token, int product, int branch)
{
    using var add = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cart/items") { Content = JsonContent.Create(new { productId = product, quantity = 1 }) };
    add.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    (await http.SendAsync(add)).EnsureSuccessStatusCode();
    using var checkout = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders/checkout")
    {
        Content = JsonContent.Create(new { fulfilment = "pickup", branchId = branch, paymentMethod = "cash" }),
    };
    checkout.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    checkout.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
    var response = await http.SendAsync(checkout);
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"checkout: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    var order = await response.Content.ReadFromJsonAsync<JsonElement>();
    return (order.GetProperty("id").GetInt64(), order.GetProperty("number").GetString()!);
}

static async Task<string> SignInStateAsync(IBrowser browser, string url)
{
    await using var context = await browser.NewContextAsync(new() { BaseURL = url });
    var page = await context.NewPageAsync();
    await page.GotoAsync("/account/login?returnUrl=%2Foperator%2Forders");
    await page.Locator("input[name='Input.Phone'], input[type=tel]").First.FillAsync("+998900000002");
    await page.Locator("input[type=password]").First.FillAsync("Demo12345");
    await page.Locator("main button[type=submit]").First.ClickAsync();
    await page.WaitForURLAsync(url + "/operator/orders", new() { Timeout = 30_000 });
    return await context.StorageStateAsync();
}

// socketBytes[0] counts the bytes the first board's circuit connection receives (the render batches).
static async Task<List<(IBrowserContext Context, IPage Page)>> OpenBoardsAsync(IBrowser browser, string state, string url, int n, long[] socketBytes)
{
    const string watch = """
        () => {
          window.__seen = {};
          window.__waiting = {};
          const note = text => {
            for (const m of (text || '').matchAll(/DX-\d+/g)) {
              if (window.__seen[m[0]]) continue;
              window.__seen[m[0]] = Date.now();
              for (const resolve of window.__waiting[m[0]] || []) resolve(window.__seen[m[0]]);
              delete window.__waiting[m[0]];
            }
          };
          note(document.body.innerText);
          new MutationObserver(records => {
            for (const r of records) {
              if (r.type === 'characterData') note(r.target.textContent);
              for (const node of r.addedNodes) note(node.textContent);
            }
          }).observe(document.body, { subtree: true, childList: true, characterData: true });
        }
        """;
    var boards = new List<(IBrowserContext, IPage)>();
    for (var i = 0; i < n; i++)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = url, StorageState = state, ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        if (i == 0)
            page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
                Interlocked.Add(ref socketBytes[0], frame.Binary?.Length ?? System.Text.Encoding.UTF8.GetByteCount(frame.Text ?? ""));
        await page.GotoAsync(Environment.GetEnvironmentVariable("PORTAL_BENCH_PATH") ?? "/operator/orders");
        try
        {
            await page.Locator("[data-circuit='on']").WaitForAsync(new() { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            var text = await page.InnerTextAsync("body");
            throw new InvalidOperationException($"board {i + 1} never went live at {page.Url}: {text[..Math.Min(500, text.Length)]}");
        }
        await page.EvaluateAsync(watch);
        boards.Add((context, page));
    }
    return boards;
}

internal sealed record Options(string Url, int Pid, int[] Boards, int Orders, int Types)
{
    public static Options Parse(string[] args)
    {
        string Value(string name, string? fallback = null)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"{name} is required");
        }
        return new Options(Value("--url"), int.Parse(Value("--pid"), CultureInfo.InvariantCulture),
            Value("--boards", "1,20,50").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            int.Parse(Value("--orders", "20"), CultureInfo.InvariantCulture), int.Parse(Value("--types", "0"), CultureInfo.InvariantCulture));
    }
}
