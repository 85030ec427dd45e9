using Dorixona.Core.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dorixona.Core.Payments;

public enum PaymentProvider
{
    Click,
    Payme,
    Cash,
}

/// <summary>Where a payment is. The allowed moves are in <see cref="PaymentStateMachine"/>.</summary>
public enum PaymentState
{
    /// <summary>Created by us (a checkout link handed out); the provider has not spoken yet.</summary>
    Pending,
    /// <summary>The provider holds a transaction (Payme state 1, Click prepared): money may be on its way.</summary>
    Processing,
    Succeeded,
    Failed,
    Cancelled,
    Refunded,
}

/// <summary>
/// One attempt to pay an order with one provider. Amounts are whole so'm (Payme's tiyin are converted at
/// its edge). <see cref="LiveOrderId"/> is the order's id while the payment is pending or processing and
/// null otherwise: its unique index is what keeps one live online payment per order, on both databases.
/// </summary>
public sealed class Payment
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public PaymentProvider Provider { get; set; }
    public long Amount { get; set; }
    public PaymentState State { get; set; }
    public long? LiveOrderId { get; set; }
    /// <summary>Payme's 24-character transaction id, Click's click_trans_id; unique per provider.</summary>
    public string? ProviderTransactionId { get; set; }
    /// <summary>Payme's own <c>time</c> of the transaction (ms since the epoch), which GetStatement selects by.</summary>
    public long? ProviderTime { get; set; }
    /// <summary>The <c>account</c> object as Payme sent it (GetStatement returns it), or Click's merchant_trans_id.</summary>
    public string? ProviderAccount { get; set; }
    /// <summary>Click's click_paydoc_id (the number the payer sees in the SMS).</summary>
    public string? ProviderReference { get; set; }
    /// <summary>Payme's cancel reason (1..10) as received or set by a timeout (4).</summary>
    public int? CancelReason { get; set; }
    /// <summary>One cash payment per order ("cash"), or the client's Idempotency-Key; unique per order.</summary>
    public string? IdempotencyKey { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>When the provider's transaction was created on our side (Payme create_time, Click prepare).</summary>
    public DateTime? ProcessingAt { get; set; }
    public DateTime? PerformedAt { get; set; }
    public DateTime? CancelledAt { get; set; }
    /// <summary>Set when a paid order is cancelled: the money is owed back until the refund is settled.</summary>
    public DateTime? RefundRequestedAt { get; set; }
    public DateTime? RefundedAt { get; set; }
    /// <summary>The user who took cash or settled a refund, and in which role.</summary>
    public Guid? ActorId { get; set; }
    public OrderActor? ActorRole { get; set; }
    public string? Note { get; set; }

    public bool IsLive => State is PaymentState.Pending or PaymentState.Processing;
    public bool RefundPending => State == PaymentState.Succeeded && RefundRequestedAt is not null;
}

/// <summary>One provider message in or out, with our answer: append-only, for audit and support. Never holds keys or auth headers.</summary>
public sealed class PaymentLog
{
    public long Id { get; set; }
    public long? PaymentId { get; set; }
    public long? OrderId { get; set; }
    public PaymentProvider Provider { get; set; }
    /// <summary>"in" (the provider called us) or "out" (we called it, e.g. the simulator).</summary>
    public string Direction { get; set; } = "in";
    public string Method { get; set; } = "";
    public string Request { get; set; } = "";
    public string Response { get; set; } = "";
    /// <summary>The provider's error code we answered (0 for success).</summary>
    public int ResultCode { get; set; }
    public int DurationMs { get; set; }
    public DateTime At { get; set; }
}

/// <summary>Every allowed payment transition in one place; anything else is refused and changes nothing.</summary>
public static class PaymentStateMachine
{
    private static readonly HashSet<(PaymentState, PaymentState)> Allowed =
    [
        (PaymentState.Pending, PaymentState.Processing),
        (PaymentState.Pending, PaymentState.Succeeded), // cash taken
        (PaymentState.Pending, PaymentState.Cancelled),
        (PaymentState.Processing, PaymentState.Succeeded),
        (PaymentState.Processing, PaymentState.Failed),
        (PaymentState.Processing, PaymentState.Cancelled),
        (PaymentState.Succeeded, PaymentState.Refunded),
    ];

    public static bool IsAllowed(PaymentState from, PaymentState to) => Allowed.Contains((from, to));

    public static bool IsFinal(PaymentState s) => s is PaymentState.Failed or PaymentState.Cancelled or PaymentState.Refunded;
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> b)
    {
        b.ToTable("Payments");
        b.Ignore(p => p.IsLive);
        b.Ignore(p => p.RefundPending);
        b.Property(p => p.Provider).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.State).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.ProviderTransactionId).HasMaxLength(64);
        b.Property(p => p.ProviderAccount).HasMaxLength(500);
        b.Property(p => p.ProviderReference).HasMaxLength(64);
        b.Property(p => p.IdempotencyKey).HasMaxLength(64);
        b.Property(p => p.ActorRole).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.Note).HasMaxLength(500);
        b.HasIndex(p => new { p.Provider, p.ProviderTransactionId }).IsUnique();
        b.HasIndex(p => p.LiveOrderId).IsUnique();
        b.HasIndex(p => new { p.OrderId, p.IdempotencyKey }).IsUnique();
        b.HasIndex(p => new { p.Provider, p.ProviderTime });
        b.HasIndex(p => p.CreatedAt);
        b.HasOne<Order>().WithMany().HasForeignKey(p => p.OrderId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PaymentLogConfiguration : IEntityTypeConfiguration<PaymentLog>
{
    public void Configure(EntityTypeBuilder<PaymentLog> b)
    {
        b.ToTable("PaymentLogs");
        b.Property(l => l.Provider).HasConversion<string>().HasMaxLength(16);
        b.Property(l => l.Direction).HasMaxLength(8);
        b.Property(l => l.Method).HasMaxLength(64);
        b.Property(l => l.Request).HasMaxLength(PaymentLogWriter.MaxBody);
        b.Property(l => l.Response).HasMaxLength(PaymentLogWriter.MaxBody);
        b.HasIndex(l => new { l.PaymentId, l.At });
        b.HasIndex(l => new { l.OrderId, l.At });
        b.HasIndex(l => l.At);
    }
}
