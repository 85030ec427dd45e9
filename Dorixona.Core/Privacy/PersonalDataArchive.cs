using System.Globalization;
using System.IO.Compression;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Dorixona.Core.Privacy;

/// <summary>
/// The export as a ZIP of CSV files, one per kind of record, for people who open it in a spreadsheet. Rows that belong to
/// an order or a prescription carry its number, so the files join. UTF-8 with a byte-order mark (Excel then reads Uzbek and
/// Cyrillic), instants in ISO 8601 UTC, and a cell that starts like a formula is escaped (CsvHelper's injection guard).
/// </summary>
public static class PersonalDataArchive
{
    public const string ContentType = "application/zip";

    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
        NewLine = "\r\n",
    };

    public static async Task WriteAsync(PersonalData data, Stream output, CancellationToken ct = default)
    {
        await using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var p = data.Profile;
        await FileAsync(zip, "profile.csv", [new
        {
            p.Id, p.Phone, p.FullName, Roles = string.Join(' ', p.Roles), p.CreatedAt, p.VerifiedAt,
            p.AcceptedTermsVersion, p.AcceptedPrivacyVersion, p.TermsAcceptedAt, data.ExportedAt, p.Email,
        }], ct);
        var prefs = data.Preferences;
        await FileAsync(zip, "preferences.csv", [new { prefs.Language, prefs.SecondFactor, prefs.TelegramLinked }], ct);
        await FileAsync(zip, "notification-preferences.csv", prefs.Notifications ?? [], ct);
        await FileAsync(zip, "addresses.csv", data.Addresses, ct);
        await FileAsync(zip, "sign-ins.csv", data.SignIns, ct);
        await FileAsync(zip, "orders.csv", data.Orders.Select(o => new
        {
            o.Number, o.Status, o.Fulfilment, o.PaymentMethod, o.CreatedAt, o.ContactPhone,
            AddressRegion = o.Address?.Region, AddressDistrict = o.Address?.District, AddressStreet = o.Address?.Street,
            AddressHouse = o.Address?.House, AddressApartment = o.Address?.Apartment, AddressLandmark = o.Address?.Landmark,
            o.Note, o.ItemsTotal, o.DeliveryFee, o.Total, o.CancelledAt, o.CancelReason,
        }), ct);
        await FileAsync(zip, "order-lines.csv", data.Orders.SelectMany(o => o.Lines.Select(l => new
        {
            Order = o.Number, l.ProductName, l.Details, l.Quantity, l.UnitPrice, l.LineTotal, l.RequiresPrescription,
        })), ct);
        await FileAsync(zip, "payments.csv", data.Orders.SelectMany(o => o.Payments.Select(x => new
        {
            Order = o.Number, x.Provider, x.Amount, x.State, x.CreatedAt, x.PerformedAt, x.CancelledAt, x.RefundedAt,
        })), ct);
        await FileAsync(zip, "order-history.csv", data.Orders.SelectMany(o => o.History.Select(h => new { Order = o.Number, h.From, h.To, h.At, h.Note })), ct);
        await FileAsync(zip, "prescriptions.csv", data.Prescriptions.Select(x => new
        {
            x.Id, Order = x.OrderNumber, x.Status, x.Doctor, x.Note, x.CreatedAt, x.DecidedAt, x.ValidUntil, x.RejectReason, x.RejectComment,
        }), ct);
        await FileAsync(zip, "prescription-files.csv", data.Prescriptions.SelectMany(x => x.Files.Select(f => new { Prescription = x.Id, f.FileName, f.ContentType, f.Length })), ct);
        await FileAsync(zip, "prescription-items.csv", data.Prescriptions.SelectMany(x => x.Items.Select(i => new { Prescription = x.Id, i.What, i.Quantity })), ct);
        await FileAsync(zip, "prescription-history.csv", data.Prescriptions.SelectMany(x => x.History.Select(h => new { Prescription = x.Id, h.From, h.To, h.At, h.Note })), ct);
        await FileAsync(zip, "notifications.csv", data.Notifications, ct);
        await FileAsync(zip, "cart.csv", data.Cart, ct);
        await FileAsync(zip, "stock-alerts.csv", data.StockAlerts, ct);
        await FileAsync(zip, "favourites.csv", data.Favourites, ct);
        await FileAsync(zip, "reminders.csv", data.Reminders, ct);
    }

    private static async Task FileAsync<T>(ZipArchive zip, string name, IEnumerable<T> rows, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using var stream = await entry.OpenAsync(ct);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        await using var csv = new CsvWriter(writer, Configuration);
        foreach (var type in new[] { typeof(DateTime), typeof(DateTime?) })
            csv.Context.TypeConverterOptionsCache.GetOptions(type).Formats = ["yyyy-MM-ddTHH:mm:ssZ"];
        // The header comes from the type, so an empty file still says what it would hold.
        csv.WriteHeader<T>();
        await csv.NextRecordAsync();
        await csv.WriteRecordsAsync(rows, ct);
    }
}
