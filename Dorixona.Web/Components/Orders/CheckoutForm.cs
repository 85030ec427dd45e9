using Dorixona.Core.Common;
using Dorixona.Core.Orders;

namespace Dorixona.Web.Components.Orders;

/// <summary>
/// Everything the checkout steps collect. It travels in the form posts (hidden fields on the review step),
/// so no step state lives on the server; <see cref="Key"/> is made when the review renders, so submitting
/// that same form twice places one order.
/// </summary>
public sealed class CheckoutForm
{
    public string? Fulfilment { get; set; } = "delivery";
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

    public void Fill(SavedAddress a)
    {
        Fulfilment = "delivery";
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
