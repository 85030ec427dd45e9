using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Dorixona.Core.Common;

namespace Dorixona.Web.Live;

/// <summary>
/// One read for all the circuits that re-read the same thing because of the same live message: with 50 order boards open,
/// a new order would otherwise cost 50 identical queries at once, and the last board would wait for all of them. The
/// first circuit to ask for a key starts the read; the others, reacting to the same <see cref="LiveMessage"/> instance
/// (the bus hands one instance to every subscriber), await the same task. A read started after the message was published
/// sees its commit, so every board still shows at least that change. The reads live as long as the message does.
/// Only for reads that do not depend on who asks (the operators' board is the same for every operator).
/// </summary>
public sealed class SharedReads(IConfiguration configuration)
{
    /// <summary>For bench/portal-live.sh's before-and-after: each circuit reads for itself, as without this class.</summary>
    public const string DisableKey = "Bench:NoSharedReads";

    private readonly ConditionalWeakTable<LiveMessage, ConcurrentDictionary<object, Lazy<Task<object>>>> _reads = [];
    private readonly bool _disabled = configuration.GetValue<bool>(DisableKey);

    /// <summary>
    /// <paramref name="read"/>'s result, shared with every other caller that passes the same <paramref name="cause"/> and an
    /// equal <paramref name="key"/>; a read of its own when there is no cause (a person's own filter, paging or sorting).
    /// </summary>
    public async Task<T> ReadAsync<T>(LiveMessage? cause, object key, Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
        where T : class
    {
        if (cause is null || _disabled) return await read(cancellationToken);
        var reads = _reads.GetValue(cause, _ => new ConcurrentDictionary<object, Lazy<Task<object>>>());
        // Not the first caller's token: one board closing must not cancel the read the others wait for.
        var shared = reads.GetOrAdd(key, _ => new Lazy<Task<object>>(async () => await read(CancellationToken.None)));
        return (T)await shared.Value.WaitAsync(cancellationToken);
    }
}
