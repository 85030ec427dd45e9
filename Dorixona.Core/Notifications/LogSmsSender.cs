using Microsoft.Extensions.Logging;

namespace Dorixona.Core.Notifications;

/// <summary>
/// Development stand-in for the gateway: writes the whole text (codes included) to the log at
/// Information and keeps the last messages for the developer SMS inbox page. Never used in Production.
/// </summary>
public sealed class LogSmsSender(DevSmsInbox inbox, TimeProvider clock, ILogger<LogSmsSender> logger) : ISmsSender
{
    public Task<SmsSendResult> SendAsync(string phone, string text, CancellationToken cancellationToken)
    {
        logger.LogInformation("SMS to {Phone}: {Text}", phone, text);
        var id = inbox.Add(phone, text, clock.GetUtcNow().UtcDateTime);
        return Task.FromResult(new SmsSendResult("dev-" + id));
    }
}

public sealed record DevSms(long Id, string Phone, string Text, DateTime At);

/// <summary>The last 100 messages the log sender "sent", newest first.</summary>
public sealed class DevSmsInbox
{
    private readonly object _gate = new();
    private readonly LinkedList<DevSms> _messages = new();
    private long _next;

    public long Add(string phone, string text, DateTime at)
    {
        lock (_gate)
        {
            var sms = new DevSms(++_next, phone, text, at);
            _messages.AddFirst(sms);
            while (_messages.Count > 100) _messages.RemoveLast();
            return sms.Id;
        }
    }

    public IReadOnlyList<DevSms> Recent(string? phone = null)
    {
        lock (_gate)
            return _messages.Where(m => phone is null || m.Phone == phone).ToList();
    }
}
