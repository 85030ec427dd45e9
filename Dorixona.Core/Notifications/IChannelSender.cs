namespace Dorixona.Core.Notifications;

/// <summary>
/// Sends one outbox message through one channel; the <see cref="OutboxDispatcher"/> picks the sender by
/// <see cref="OutboxMessage.Channel"/>. Throws <see cref="ChannelSendException"/> when the message did not leave.
/// </summary>
public interface IChannelSender
{
    OutboxChannel Channel { get; }

    /// <returns>The provider's id for the message, when it gives one.</returns>
    Task<string?> SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// A send that failed. <see cref="Permanent"/> means trying again cannot help (the bot was blocked, the mailbox does
/// not exist): the dispatcher records it and stops; otherwise it retries with back-off.
/// </summary>
public sealed class ChannelSendException : Exception
{
    public ChannelSendException() { }
    public ChannelSendException(string message) : base(message) { }
    public ChannelSendException(string message, Exception inner) : base(message, inner) { }
    public ChannelSendException(string message, bool permanent, Exception? inner = null) : base(message, inner) => Permanent = permanent;

    public bool Permanent { get; }
}

/// <summary>The SMS channel over whichever <see cref="ISmsSender"/> is configured (Eskiz, or the log in Development).</summary>
public sealed class SmsChannelSender(ISmsSender sms) : IChannelSender
{
    public OutboxChannel Channel => OutboxChannel.Sms;

    public async Task<string?> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return (await sms.SendAsync(message.Recipient, message.Body, cancellationToken)).ProviderMessageId;
        }
        catch (SmsSendException e)
        {
            throw new ChannelSendException(e.Message, e);
        }
    }
}
