using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Dorixona.E2E.Pages;

/// <summary>/dev/sms: what the development SMS sender "sent", newest first. Plays the role of the customer's phone.</summary>
public sealed partial class DevSmsPage(IPage page)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public ILocator Messages => page.GetByTestId("sms-text");

    /// <summary>
    /// Reloads the inbox until a message for <paramref name="phone"/> arrives (the outbox job sends every second)
    /// and returns the 4-digit code in the newest one.
    /// </summary>
    public async Task<string> WaitForCodeAsync(string phone)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await page.GotoAsync("/dev/sms?phone=" + Uri.EscapeDataString(phone));
            if (await Messages.CountAsync() > 0)
            {
                var text = await Messages.First.InnerTextAsync();
                return Code().Match(text) is { Success: true } m
                    ? m.Value
                    : throw new InvalidOperationException($"The SMS to {phone} has no 4-digit code: \"{text}\".");
            }
            if (watch.Elapsed > Patience)
                throw new TimeoutException($"No SMS reached {phone} within {Patience.TotalSeconds:0} s: is the outbox job running?");
            await page.WaitForTimeoutAsync(250);
        }
    }

    /// <summary>Reads the code the way the customer would: on their phone, in another tab.</summary>
    public static async Task<string> ReadCodeAsync(IBrowserContext context, string phone)
    {
        var phonePage = await context.NewPageAsync();
        try
        {
            return await new DevSmsPage(phonePage).WaitForCodeAsync(phone);
        }
        finally
        {
            await phonePage.CloseAsync();
        }
    }

    [GeneratedRegex(@"\b\d{4}\b")]
    private static partial Regex Code();
}
