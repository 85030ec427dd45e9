namespace Dorixona.Core.Notifications;

/// <summary>Sends one SMS. Throws <see cref="SmsSendException"/> when the gateway refuses or cannot be reached.</summary>
public interface ISmsSender
{
    Task<SmsSendResult> SendAsync(string phone, string text, CancellationToken cancellationToken);
}

public sealed record SmsSendResult(string? ProviderMessageId);

public sealed class SmsSendException : Exception
{
    public SmsSendException() { }
    public SmsSendException(string message) : base(message) { }
    public SmsSendException(string message, Exception inner) : base(message, inner) { }
}

public sealed class SmsOptions
{
    public const string Section = "Sms";

    /// <summary><c>Log</c> (Development: the text goes to the log) or <c>Eskiz</c> (the real gateway).</summary>
    public string Provider { get; set; } = "Log";
    public EskizOptions Eskiz { get; set; } = new();
}

public sealed class EskizOptions
{
    public Uri BaseUrl { get; set; } = new("https://notify.eskiz.uz");
    public string Email { get; set; } = "";
    public string Password { get; set; } = "";
    /// <summary>The approved sender name; "4546" is Eskiz's default for new accounts.</summary>
    public string From { get; set; } = "4546";
    public int TimeoutSeconds { get; set; } = 15;
}
