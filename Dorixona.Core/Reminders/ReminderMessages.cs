using System.Resources;
using Dorixona.Core.Common;
using Dorixona.Core.Notifications;

namespace Dorixona.Core.Reminders;

/// <summary>What a customer reads when a refill reminder is due, in their language; texts in <c>ReminderMessages.resx</c>.</summary>
public static class ReminderMessages
{
    private static readonly ResourceManager Resources = new(typeof(ReminderMessages));

    public static NotificationRequest Due(string productName, long reminderId, int everyDays, string? language) =>
        new(Resources.Text("due.title", language, productName), Resources.Text("due.body", language, everyDays),
            $"/reminders/{reminderId}/refill", AlsoSms: true, Kind: NotificationKind.Reminder);
}
