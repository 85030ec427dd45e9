using System.Diagnostics;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Notifications;

/// <summary>
/// Sends what the outbox holds. Each message is claimed with one conditional UPDATE, so several app
/// instances (or an overlapping run) never send it twice; every try is recorded; failures are retried
/// with exponential back-off until <see cref="OutboxOptions.MaxAttempts"/>, then marked failed. A permanent refusal
/// (<see cref="ChannelSendException.Permanent"/>) is marked failed at once. The sender is chosen by the message's channel.
/// </summary>
public sealed class OutboxDispatcher(
    DorixonaDbContext db,
    IEnumerable<IChannelSender> senders,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger)
{
    /// <returns>How many messages were tried.</returns>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = Now();
        var due = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(o.BatchSize)
            .ToListAsync(cancellationToken);

        var tried = 0;
        foreach (var id in due)
        {
            if (cancellationToken.IsCancellationRequested) break;
            if (await TryClaimAsync(id, cancellationToken))
            {
                await SendOneAsync(id, cancellationToken);
                tried++;
            }
        }
        return tried;
    }

    private async Task<bool> TryClaimAsync(long id, CancellationToken ct)
    {
        var now = Now();
        var until = now + options.Value.LockDuration;
        // Re-check due-ness: another dispatcher may have tried and rescheduled it since our list was read.
        var claimed = await db.OutboxMessages
            .Where(m => m.Id == id && m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, until), ct);
        return claimed == 1;
    }

    private async Task SendOneAsync(long id, CancellationToken ct)
    {
        var message = await db.OutboxMessages.SingleAsync(m => m.Id == id, ct);
        var number = message.AttemptCount + 1;
        var watch = Stopwatch.StartNew();
        string? error = null;
        string? providerId = null;
        var permanent = false;
        try
        {
            var sender = senders.FirstOrDefault(s => s.Channel == message.Channel)
                ?? throw new ChannelSendException($"No sender for channel {message.Channel}");
            providerId = await sender.SendAsync(message, ct);
        }
        catch (ChannelSendException e)
        {
            error = e.Message;
            permanent = e.Permanent;
        }
        watch.Stop();

        var now = Now();
        message.AttemptCount = number;
        message.LockedUntil = null;
        message.Attempts.Add(new OutboxAttempt
        {
            Number = number, At = now, Succeeded = error is null, Error = Limit(error), DurationMs = watch.ElapsedMilliseconds,
        });
        if (error is null)
        {
            message.Status = OutboxStatus.Sent;
            message.SentAt = now;
            message.ProviderMessageId = providerId;
            message.LastError = null;
            if (message.Sensitive) message.Body = "";
            logger.LogInformation("Outbox message {MessageId} sent by {Channel} on attempt {Attempt}", message.Id, message.Channel, number);
        }
        else if (permanent || number >= options.Value.MaxAttempts)
        {
            message.Status = OutboxStatus.Failed;
            message.LastError = Limit(error);
            if (message.Sensitive) message.Body = "";
            logger.LogError("Outbox message {MessageId} by {Channel} failed for good after {Attempt} attempts (permanent: {Permanent}): {Error}",
                message.Id, message.Channel, number, permanent, error);
        }
        else
        {
            message.LastError = Limit(error);
            message.NextAttemptAt = now + Backoff(number);
            logger.LogWarning("Outbox message {MessageId} attempt {Attempt} failed, next at {NextAttemptAt}: {Error}",
                message.Id, number, message.NextAttemptAt, error);
        }
        // Nothing above is cancellable: the attempt happened and must be recorded.
        await db.SaveChangesAsync(CancellationToken.None);
    }

    internal TimeSpan Backoff(int attemptsMade) => options.Value.FirstRetryDelay * Math.Pow(2, attemptsMade - 1);

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private static string? Limit(string? s) => s is null || s.Length <= 1000 ? s : s[..1000];
}
