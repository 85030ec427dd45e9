using System.Globalization;
using System.Resources;
using Dorixona.Core.Common;
using Dorixona.Core.Notifications;

namespace Dorixona.Core.Prescriptions;

/// <summary>What the customer reads about their prescription, in their language (Uzbek unless they chose another); texts in <c>PrescriptionMessages.resx</c>.</summary>
public static class PrescriptionMessages
{
    private static readonly ResourceManager Resources = new(typeof(PrescriptionMessages));
    private static readonly string[] Reasons = ["unreadable", "incomplete", "expired", "notMatching", "notValid"];

    public static NotificationRequest Approved(long id, DateTime validUntil, IReadOnlyList<string> released, string language)
    {
        var date = validUntil.AddHours(5).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture); // Tashkent, UTC+5 all year
        var body = Resources.Text("approved.body", language, date)
            + (released.Count > 0 ? Resources.Text("approved.released", language, string.Join(", ", released)) : "");
        return new(Resources.Text("approved.title", language, Id(id)), body, Link(id), AlsoSms: true, Kind: NotificationKind.Prescription);
    }

    public static NotificationRequest Rejected(long id, string reason, string? comment, string language)
    {
        var why = ReasonText(reason, language) + (comment is null ? "" : " — " + comment);
        return new(Resources.Text("rejected.title", language, Id(id)), Resources.Text("rejected.body", language, why), Link(id), AlsoSms: true, Kind: NotificationKind.Prescription);
    }

    public static NotificationRequest Expired(long id, string language) =>
        new(Resources.Text("expired.title", language, Id(id)), Resources.Text("expired.body", language), Link(id), Kind: NotificationKind.Prescription);

    public static string ReasonText(string reason, string language) =>
        Resources.Text("reason." + (Reasons.Contains(reason) ? reason : "other"), language);

    // Numbers read as written ("№1234"), never with a culture's group separator.
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Link(long id) => $"/prescriptions/{id}";
}
