namespace Dorixona.Web.Infrastructure;

/// <summary>Where the site serves stored files; the endpoints that serve them and the pages and JSON that link to them share these.</summary>
public static class FileUrls
{
    public const string ProductImagesPath = "/media/products";

    public static string ProductImage(string fileName) => ProductImagesPath + "/" + fileName;

    public static string PrescriptionFile(long prescriptionId, long fileId) => $"/api/v1/prescriptions/{prescriptionId}/files/{fileId}";

    public static string DeliveryPhoto(long deliveryId) => $"/operator/deliveries/{deliveryId}/photo";
}
