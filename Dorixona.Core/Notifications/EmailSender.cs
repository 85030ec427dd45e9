using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Dorixona.Core.Notifications;

/// <summary>
/// <c>Email:*</c>: the SMTP server the shop sends through. The channel is off while <see cref="Host"/> is empty.
/// <see cref="User"/> and <see cref="Password"/> come from secrets or the environment (<c>Email__Password</c>), never from
/// appsettings.json.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary>MailKit's <see cref="SecureSocketOptions"/>: <c>Auto</c>, <c>None</c>, <c>StartTls</c>, <c>StartTlsWhenAvailable</c>, <c>SslOnConnect</c>.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;
    public string? User { get; set; }
    public string? Password { get; set; }
    public string FromAddress { get; set; } = "no-reply@dorixona.uz";
    public string FromName { get; set; } = "Dorixona";
    public int TimeoutSeconds { get; set; } = 15;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>
/// The e-mail channel: one SMTP session per message through MailKit. A mailbox or message the server refuses with a 5xx
/// code is permanent; anything else (connection, timeout, 4xx) is tried again by the outbox.
/// </summary>
public sealed class SmtpEmailSender(IOptions<EmailOptions> options) : IChannelSender
{
    public OutboxChannel Channel => OutboxChannel.Email;

    public async Task<string?> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.Enabled) throw new ChannelSendException("E-mail is not configured (Email:Host is empty)");
        var mail = new MimeMessage();
        mail.From.Add(new MailboxAddress(o.FromName, o.FromAddress));
        try
        {
            mail.To.Add(MailboxAddress.Parse(message.Recipient));
        }
        catch (ParseException e)
        {
            throw new ChannelSendException("Not an e-mail address", permanent: true, e);
        }
        mail.Subject = message.Subject ?? "";
        mail.Body = new TextPart("plain") { Text = message.Body };

        using var smtp = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(o.TimeoutSeconds).TotalMilliseconds };
        try
        {
            await smtp.ConnectAsync(o.Host!, o.Port, o.Security, cancellationToken);
            if (!string.IsNullOrEmpty(o.User)) await smtp.AuthenticateAsync(o.User, o.Password ?? "", cancellationToken);
            var answer = await smtp.SendAsync(mail, cancellationToken);
            await smtp.DisconnectAsync(quit: true, cancellationToken);
            return string.IsNullOrEmpty(answer) ? mail.MessageId : Limit(answer);
        }
        catch (SmtpCommandException e)
        {
            var permanent = (int)e.StatusCode >= 500 && e.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted;
            throw new ChannelSendException($"The SMTP server refused the message: {(int)e.StatusCode} {e.Message}", permanent, e);
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or System.Net.Sockets.SocketException or AuthenticationException
                                      or ServiceNotConnectedException or TimeoutException
                                  || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ChannelSendException("The SMTP server could not take the message: " + e.Message, e);
        }
    }

    private static string Limit(string s) => s.Length <= 100 ? s : s[..100];
}
