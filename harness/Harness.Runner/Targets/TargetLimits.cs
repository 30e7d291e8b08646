using System.Globalization;
using Harness.Proxy.Faults;
using Harness.Proxy.Tracing;
using Harness.Runner.Checking;

namespace Harness.Runner.Targets;

/// <summary>
/// Recognises, after a run against an external target, the target's own limits in what happened: a new sequence
/// refused as too busy (CoreWCF's MaxPendingChannels counts every open sequence) and messages refused as too large
/// (HTTP 413: CoreWCF's MaxReceivedMessageSize, 65,536 bytes by default). Either makes the run say nothing about the
/// guarantee, so the scenario is reported as an error naming the limit, not as a broken guarantee.
/// </summary>
internal static class TargetLimits
{
    public static IReadOnlyList<string> Hit(IReadOnlyList<SessionHistory> sessions, IReadOnlyCollection<ProxyTraceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(records);
        var hit = new List<string>();
        var refused = sessions
            .Where(session => session.FaultReason is { } reason && IsCapacityRefusal(reason))
            .ToList();
        if (refused.Count > 0)
        {
            hit.Add(string.Create(CultureInfo.InvariantCulture, $"the target refused {refused.Count} session(s) as too busy (its limit of sequences held at once, CoreWCF's MaxPendingChannels, 4 by default; state it with --target-max-sessions): session {refused[0].Index}: {refused[0].FaultReason}"));
        }

        // The proxy's own 413 (a chunked upload past what it classifies) is traced "refused"; only the target's counts.
        var tooLarge = records
            .Where(record => record is { Direction: FaultDirection.Response, Status: 413 } && record.Outcome != "refused")
            .Select(record => record.Exchange)
            .ToHashSet();
        if (tooLarge.Count > 0)
        {
            var largest = records
                .Where(record => record.Direction == FaultDirection.Request && tooLarge.Contains(record.Exchange))
                .Select(record => record.Bytes)
                .DefaultIfEmpty(0)
                .Min();
            hit.Add(string.Create(CultureInfo.InvariantCulture, $"the target answered {tooLarge.Count} request(s) with HTTP 413 (message larger than it accepts; the smallest refused was {largest:N0} bytes): resending cannot repair that; state its limit with --target-max-message-bytes"));
        }

        return hit;
    }

    private static bool IsCapacityRefusal(string reason) =>
        reason.Contains("too busy", StringComparison.OrdinalIgnoreCase)
        || reason.Contains("ServerTooBusy", StringComparison.Ordinal)
        || reason.Contains("CreateSequenceRefused", StringComparison.Ordinal);
}
