using System.Text.Json;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Core.Audit;

/// <summary>
/// What changed, for <see cref="IAuditLog.RecordAsync"/>. <paramref name="Before"/> and <paramref name="After"/> are
/// small objects (anonymous types are fine) serialized as JSON, e.g. <c>new { price = 12500 }</c>; null when there is no
/// such side (a creation has no before). <paramref name="ActorId"/> names who did it when that is not the signed-in
/// person of the current request (an operator id a service was given); leave it null to use the request's person, or
/// "system" when there is none.
/// </summary>
public sealed record AuditRecord(
    string Action, string EntityType, string EntityId, string Summary, object? Before = null, object? After = null, Guid? ActorId = null);

/// <summary>The one way to write the audit trail (docs/decisions/0011-users-and-audit.md).</summary>
public interface IAuditLog
{
    /// <summary>
    /// Stages one entry in the caller's <see cref="DorixonaDbContext"/>: the caller's next <c>SaveChangesAsync</c> writes
    /// it inside the caller's transaction, so a change that rolls back leaves no entry and a committed one always has
    /// its entry. Call it after the change is known to go ahead and before that <c>SaveChangesAsync</c>. Action codes
    /// are in <see cref="AuditActions"/>, entity types in <see cref="AuditEntities"/> (add yours there).
    /// </summary>
    /// <example><code>
    /// await audit.RecordAsync(new AuditRecord(AuditActions.SettingsChange, AuditEntities.Settings, "payment-timeout",
    ///     "Payment timeout 15 → 30 min", new { minutes = 15 }, new { minutes = 30 }), ct);
    /// await db.SaveChangesAsync(ct);
    /// </code></example>
    Task RecordAsync(AuditRecord record, CancellationToken ct = default);
}

public sealed class AuditLog(DorixonaDbContext db, TimeProvider clock) : IAuditLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task RecordAsync(AuditRecord record, CancellationToken ct = default)
    {
        var actor = await ActorAsync(record.ActorId, ct);
        db.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            ActorId = actor.UserId,
            ActorDisplay = Cut(actor.Display, 200)!,
            Action = record.Action,
            EntityType = record.EntityType,
            EntityId = Cut(record.EntityId, 64)!,
            Summary = Cut(record.Summary, AuditEntry.SummaryMaxLength)!,
            Before = Cut(Serialize(record.Before), AuditEntry.ValuesMaxLength),
            After = Cut(Serialize(record.After), AuditEntry.ValuesMaxLength),
            IpAddress = Cut(AuditActor.Current?.IpAddress, 64),
        });
    }

    private async Task<AuditActor> ActorAsync(Guid? actorId, CancellationToken ct)
    {
        var ambient = AuditActor.Current;
        if (actorId is null) return ambient ?? AuditActor.System;
        if (ambient?.UserId == actorId) return ambient;
        var user = await db.Users.IgnoreQueryFilters().AsNoTracking().Where(u => u.Id == actorId)
            .Select(u => new { u.FullName, u.PhoneNumber }).SingleOrDefaultAsync(ct);
        return new AuditActor(actorId, user is null ? actorId.Value.ToString() : Display(user.FullName, user.PhoneNumber));
    }

    /// <summary>"Aziza Karimova, +998 90 000 00 01": how entries name a person.</summary>
    public static string Display(string? fullName, string? phone) =>
        string.IsNullOrWhiteSpace(fullName) ? PhoneNumber.Format(phone) : $"{fullName}, {PhoneNumber.Format(phone)}";

    private static string? Serialize(object? value) => value switch
    {
        null => null,
        string s => s,
        _ => JsonSerializer.Serialize(value, Json),
    };

    private static string? Cut(string? value, int max) => value is { Length: var n } && n > max ? value[..max] : value;
}

public static class AuditServices
{
    /// <summary>
    /// The audit log, the audit page's queries, the order-transition hook that records every order move, and the users
    /// admin (whose role and disable changes are the trail's first entries).
    /// </summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddScoped<IAuditLog, AuditLog>();
        services.AddScoped<AuditQueries>();
        services.AddScoped<Orders.IOrderTransitionHook, AuditOrderTransitions>();
        services.AddScoped<Identity.UserAdmin>();
        return services;
    }
}
