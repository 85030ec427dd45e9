using Dorixona.Core.Common;
using System.Globalization;
using Dorixona.Core.Orders;

namespace Dorixona.Web.Components.Orders;

/// <summary>
/// Everything the checkout steps collect. It travels in the form posts (hidden fields on the review step) and is
/// kept as a draft (<see cref="CheckoutDrafts"/>) so an upload or a sign-in loses nothing; <see cref="Key"/> is
/// made when the review renders, so submitting that same form twice places one order.
/// </summary>
public sealed class CheckoutForm
{
    public string? Fulfilment { get; set; } = "delivery";
    /// <summary>A saved address chosen with one tap; 0 (or none) means the fields below.</summary>
    public long? AddressId { get; set; }
    public string? Region { get; set; } = Districts.TashkentCity;
    public string? District { get; set; }
    public string? DistrictOther { get; set; }
    public string? Street { get; set; }
    public string? House { get; set; }
    public string? Apartment { get; set; }
    public string? Landmark { get; set; }
    public string? Phone { get; set; }
    public int? BranchId { get; set; }
    public string? Payment { get; set; } = "cash";
    public string? Note { get; set; }
    public string? Key { get; set; }
    public long? ExpectedTotal { get; set; }
    public string? Action { get; set; }

    public bool IsPickup => Fulfilment == "pickup";

    /// <summary>Tashkent city picks its district from a list; the region around it types the district or town.</summary>
    public string? ChosenDistrict => Region == Districts.TashkentCity ? District : DistrictOther;

    public bool UsesSavedAddress => AddressId is > 0;

    /// <summary>The fields a draft keeps: what the person chose, never the review's key or expected total.</summary>
    public Dictionary<string, string?> ToFields() => new()
    {
        ["Input.Fulfilment"] = Fulfilment, ["Input.AddressId"] = AddressId?.ToString(CultureInfo.InvariantCulture),
        ["Input.Region"] = Region, ["Input.District"] = District, ["Input.DistrictOther"] = DistrictOther,
        ["Input.Street"] = Street, ["Input.House"] = House, ["Input.Apartment"] = Apartment, ["Input.Landmark"] = Landmark,
        ["Input.Phone"] = Phone, ["Input.BranchId"] = BranchId?.ToString(CultureInfo.InvariantCulture),
        ["Input.Payment"] = Payment, ["Input.Note"] = Note,
    };

    /// <summary>Reads the same fields back, from a draft or from another form's post (the prescription upload).</summary>
    public static CheckoutForm FromFields(IReadOnlyDictionary<string, string?> fields)
    {
        string? F(string name) => fields.TryGetValue("Input." + name, out var v) && !string.IsNullOrEmpty(v) ? v : null;
        var form = new CheckoutForm
        {
            Fulfilment = F("Fulfilment") == "pickup" ? "pickup" : "delivery",
            AddressId = long.TryParse(F("AddressId"), NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : null,
            Region = F("Region") ?? Districts.TashkentCity, District = F("District"), DistrictOther = F("DistrictOther"),
            Street = F("Street"), House = F("House"), Apartment = F("Apartment"), Landmark = F("Landmark"), Phone = F("Phone"),
            BranchId = int.TryParse(F("BranchId"), NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : null,
            Payment = F("Payment") ?? "cash", Note = F("Note"),
        };
        return form;
    }

    /// <summary>A chosen saved address wins over whatever the (hidden) fields hold.</summary>
    public void ApplySaved(IReadOnlyList<SavedAddress> saved)
    {
        if (!UsesSavedAddress) return;
        if (saved.FirstOrDefault(s => s.Id == AddressId) is { } chosen) Fill(chosen);
        else AddressId = null;
    }

    public void Fill(SavedAddress a)
    {
        Fulfilment = "delivery";
        AddressId = a.Id;
        Region = a.Region;
        if (a.Region == Districts.TashkentCity) District = a.District; else DistrictOther = a.District;
        (Street, House, Apartment, Landmark, Phone) = (a.Street, a.House, a.Apartment, a.Landmark, PhoneNumber.Format(a.Phone));
    }

    /// <summary>The first step's checks, with Core's codes, so a person sees them before the review (Core checks again).</summary>
    public List<FieldError> Validate(IReadOnlyList<PickupBranch> branches)
    {
        var errors = new List<FieldError>();
        if (!WireName.TryParse<PaymentMethod>(Payment, out _)) errors.Add(new("paymentMethod", "checkout.paymentMethod"));
        if (Note is { Length: > 500 }) errors.Add(new("note", "checkout.noteTooLong", 500));
        if (IsPickup)
        {
            if (BranchId is null || branches.All(b => b.Id != BranchId)) errors.Add(new("branchId", "checkout.branchRequired"));
            return errors;
        }
        if (Region is null || !Districts.Regions.Contains(Region)) errors.Add(new("address.region", "checkout.region"));
        if (string.IsNullOrWhiteSpace(ChosenDistrict)) errors.Add(new("address.district", "checkout.district"));
        if (string.IsNullOrWhiteSpace(Street)) errors.Add(new("address.street", "checkout.street"));
        if (string.IsNullOrWhiteSpace(House)) errors.Add(new("address.house", "checkout.house"));
        if (!string.IsNullOrWhiteSpace(Phone) && PhoneNumber.Normalize(Phone) is null) errors.Add(new("address.phone", "phone.invalid"));
        return errors;
    }

    public CheckoutRequest ToRequest()
    {
        var payment = WireName.TryParse<PaymentMethod>(Payment, out var p) ? p : (PaymentMethod)(-1); // Core refuses an unknown method
        return new CheckoutRequest(
            IsPickup ? Core.Orders.Fulfilment.Pickup : Core.Orders.Fulfilment.Delivery,
            IsPickup ? BranchId : null,
            IsPickup ? null : new CheckoutAddress(Region, ChosenDistrict, Street, House, Apartment, Landmark, Phone),
            payment, Note, Key ?? "", ExpectedTotal);
    }
}
