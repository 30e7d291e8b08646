using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;
using Harness.Proxy.Tracing;

namespace Harness.Runner.Benchmarking.Figures;

/// <summary>
/// Application messages the proxy dropped, and the retransmissions of application messages it saw, read from its
/// trace. The proxy numbers every send of a message (attempt 1 is the first), whichever client made it, so both
/// clients are counted alike (a retransmission that were dropped again would count on both sides).
/// </summary>
public sealed record RetransmissionTally(int Dropped, int Retransmitted)
{
    public static readonly RetransmissionTally None = new(0, 0);

    /// <summary>Retransmissions per dropped message; null when nothing was dropped.</summary>
    public double? PerLostMessage => Dropped == 0 ? null : (double)Retransmitted / Dropped;

    public static RetransmissionTally FromTrace(IEnumerable<ProxyTraceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var dropped = 0;
        var retransmitted = 0;
        foreach (var record in records.Where(record => record is { Direction: FaultDirection.Request, Kind: RuleMessageKind.Application }))
        {
            if (record.Attempt > 1)
            {
                retransmitted++;
            }

            if (record.Action == DropAction.YamlName)
            {
                dropped++;
            }
        }

        return new RetransmissionTally(dropped, retransmitted);
    }

    public static RetransmissionTally Sum(IEnumerable<RetransmissionTally> tallies) =>
        tallies.Aggregate(None, (total, tally) => new RetransmissionTally(total.Dropped + tally.Dropped, total.Retransmitted + tally.Retransmitted));
}
