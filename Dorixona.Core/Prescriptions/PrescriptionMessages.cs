using System.Globalization;
using Dorixona.Core.Notifications;

namespace Dorixona.Core.Prescriptions;

/// <summary>What the customer reads about their prescription, in their language (Uzbek unless they chose another).</summary>
public static class PrescriptionMessages
{
    public static NotificationRequest Approved(long id, DateTime validUntil, IReadOnlyList<string> released, string language)
    {
        var date = validUntil.AddHours(5).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture); // Tashkent, UTC+5 all year
        var orders = string.Join(", ", released);
        return language switch
        {
            "ru" => new($"Рецепт №{id} одобрен", $"Действует до {date}." + (released.Count > 0 ? $" Заказ {orders} можно оплатить или он ждёт подтверждения." : ""), Link(id), AlsoSms: true),
            "en" => new($"Prescription #{id} approved", $"Valid until {date}." + (released.Count > 0 ? $" Order {orders} has moved on to payment or confirmation." : ""), Link(id), AlsoSms: true),
            _ => new($"№{id} retsept tasdiqlandi", $"{date} gacha amal qiladi." + (released.Count > 0 ? $" {orders} buyurtma to‘lov yoki tasdiqlash bosqichiga o‘tdi." : ""), Link(id), AlsoSms: true),
        };
    }

    public static NotificationRequest Rejected(long id, string reason, string? comment, string language)
    {
        var why = ReasonText(reason, language) + (comment is null ? "" : " — " + comment);
        return language switch
        {
            "ru" => new($"Рецепт №{id} отклонён", $"Причина: {why}. Загрузите новый, чёткий рецепт на странице заказа или в разделе «Рецепты».", Link(id), AlsoSms: true),
            "en" => new($"Prescription #{id} rejected", $"Reason: {why}. Please upload a new, clear prescription on the order page or under Prescriptions.", Link(id), AlsoSms: true),
            _ => new($"№{id} retsept rad etildi", $"Sabab: {why}. Buyurtma sahifasida yoki «Retseptlar» bo‘limida yangi, aniq retsept yuklang.", Link(id), AlsoSms: true),
        };
    }

    public static NotificationRequest Expired(long id, string language) => language switch
    {
        "ru" => new($"Срок рецепта №{id} истёк", "Для новых заказов с рецептурными лекарствами загрузите действующий рецепт.", Link(id)),
        "en" => new($"Prescription #{id} has expired", "For new orders of prescription medicines, please upload a current prescription.", Link(id)),
        _ => new($"№{id} retsept muddati tugadi", "Retseptli dorilarga yangi buyurtma uchun amaldagi retseptni yuklang.", Link(id)),
    };

    public static string ReasonText(string reason, string language) => (reason, language) switch
    {
        ("unreadable", "ru") => "рецепт не читается", ("unreadable", "en") => "the prescription cannot be read", ("unreadable", _) => "retseptni o‘qib bo‘lmaydi",
        ("incomplete", "ru") => "рецепт неполный (нет подписи, печати или даты)", ("incomplete", "en") => "the prescription is incomplete (no signature, stamp or date)",
        ("incomplete", _) => "retsept to‘liq emas (imzo, muhr yoki sana yo‘q)",
        ("expired", "ru") => "срок рецепта истёк", ("expired", "en") => "the prescription is out of date", ("expired", _) => "retsept muddati o‘tgan",
        ("notMatching", "ru") => "рецепт не на заказанные лекарства", ("notMatching", "en") => "the prescription does not match the ordered medicines",
        ("notMatching", _) => "retsept buyurtma qilingan dorilarga mos emas",
        ("notValid", "ru") => "рецепт выписан не по правилам", ("notValid", "en") => "the prescription is not valid", ("notValid", _) => "retsept qoidaga muvofiq yozilmagan",
        (_, "ru") => "другая причина", (_, "en") => "another reason", _ => "boshqa sabab",
    };

    private static string Link(long id) => $"/prescriptions/{id}";
}
