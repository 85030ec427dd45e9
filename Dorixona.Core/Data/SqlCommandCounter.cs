using System.Data.Common;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Dorixona.Core.Data;

/// <summary>
/// Counts every SQL command EF runs (metric <c>dorixona.db.commands</c>). Tests read <see cref="Count"/>
/// around a request to prove a page's query count does not grow with its size (no N+1).
/// </summary>
public sealed class SqlCommandCounter : DbCommandInterceptor, IDisposable
{
    private readonly Meter _meter = new("Dorixona.Data");
    private readonly Counter<long> _commands;
    private long _count;

    public SqlCommandCounter() => _commands = _meter.CreateCounter<long>("dorixona.db.commands", description: "SQL commands executed");

    public long Count => Interlocked.Read(ref _count);

    public override DbCommand CommandCreated(CommandEndEventData eventData, DbCommand result)
    {
        Interlocked.Increment(ref _count);
        _commands.Add(1);
        return result;
    }

    public void Dispose() => _meter.Dispose();
}
