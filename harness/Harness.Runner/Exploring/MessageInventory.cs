using Harness.Proxy.Tracing;

namespace Harness.Runner.Exploring;

/// <summary>
/// Every message a workload's sessions send and receive, each once, in a fixed order: the messages faults can be
/// placed on. Taken from a fault-free run's proxy trace, which lists exactly which messages of which kinds travel.
/// </summary>
public sealed record MessageInventory(IReadOnlyList<MessageTarget> Targets)
{
    /// <summary>The first sends (and their answers) in <paramref name="trace"/>, without repeats, sorted.</summary>
    public static MessageInventory FromTrace(IEnumerable<ProxyTraceRecord> trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var targets = new SortedSet<MessageTarget>();
        foreach (var record in trace)
        {
            if (MessageTarget.Of(record) is { } target)
            {
                targets.Add(target);
            }
        }

        return new MessageInventory([.. targets]);
    }
}
