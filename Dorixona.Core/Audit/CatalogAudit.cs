using System.Globalization;
using Dorixona.Core.Catalog;

namespace Dorixona.Core.Audit;

/// <summary>The catalog's audit entries, so the admin editor, the CSV import and the stock service each add one call.</summary>
public static class CatalogAudit
{
    /// <summary>Records a price change of an existing product (new products and unchanged prices record nothing); <paramref name="source"/> is "admin" or "import".</summary>
    public static Task PriceChangingAsync(this IAuditLog audit, Product product, long price, long? oldPrice, string source, CancellationToken ct)
    {
        if (product.Id == 0 || (product.Price == price && product.OldPrice == oldPrice)) return Task.CompletedTask;
        return audit.RecordAsync(new AuditRecord(AuditActions.ProductPrice, AuditEntities.Product, product.Id.ToString(CultureInfo.InvariantCulture),
            $"{product.Name}: {product.Price} → {price} ({source})",
            new { price = product.Price, oldPrice = product.OldPrice }, new { price, oldPrice, source }), ct);
    }

    /// <summary>Records a stock adjustment made by hand (not an order taking or returning stock; the ledger has those).</summary>
    public static Task StockAdjustedAsync(this IAuditLog audit, StockChange change, int balance, CancellationToken ct) =>
        audit.RecordAsync(new AuditRecord(AuditActions.StockAdjust, AuditEntities.Product, change.ProductId.ToString(CultureInfo.InvariantCulture),
            $"Branch {change.BranchId}: {change.Delta:+#;-#} → {balance}{(change.Note is { } n ? " · " + n : "")}",
            new { branchId = change.BranchId, quantity = balance - change.Delta }, new { branchId = change.BranchId, quantity = balance, reason = change.Note },
            change.ActorId), ct);
}

/// <summary>The operators' prescription decisions, one entry each.</summary>
public static class PrescriptionAudit
{
    public static Task PrescriptionDecidedAsync(this IAuditLog audit, long id, Prescriptions.PrescriptionStatus to, object details, Guid operatorId, CancellationToken ct) =>
        audit.RecordAsync(new AuditRecord(
            to == Prescriptions.PrescriptionStatus.Approved ? AuditActions.PrescriptionApprove : AuditActions.PrescriptionReject,
            AuditEntities.Prescription, id.ToString(CultureInfo.InvariantCulture), $"Rx #{id}: {to}",
            new { status = nameof(Prescriptions.PrescriptionStatus.Pending) }, new { status = to.ToString(), details }, operatorId), ct);
}
