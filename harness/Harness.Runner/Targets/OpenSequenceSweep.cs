using System.Globalization;
using Harness.Protocol.Timing;
using Harness.Proxy.Faults;
using Harness.Proxy.Tracing;
using Harness.Reliability.Source;
using Harness.Runner.Scenarios;

namespace Harness.Runner.Targets;

/// <summary>
/// After a scenario against an external target, ends every sequence the target created that the client did not
/// terminate (the time limit stopped it, its session faulted, or the client only aborted), so that the next scenario
/// finds the target as the first one did: a CoreWCF service holds a slot per open sequence (MaxPendingChannels) until
/// its inactivity timeout, ten minutes by default. What is open is read from the proxy's trace; the sweep goes to the
/// target directly, past the fault proxy, and each message is bounded in time.
/// </summary>
internal static class OpenSequenceSweep
{
    public static readonly TimeSpan TimeoutPerMessage = TimeSpan.FromSeconds(5);

    /// <summary>A sequence the target created and was not seen terminated, with the highest message number sent on it.</summary>
    public sealed record OpenSequence(int Session, string Id, long LastSent);

    public static IReadOnlyList<OpenSequence> LeftOpen(IReadOnlyCollection<ProxyTraceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var answered = records
            .Where(record => record.Direction == FaultDirection.Response && record.Status is >= 200 and < 300)
            .Select(record => record.Exchange)
            .ToHashSet();
        var created = records
            .Where(record => record is { Direction: FaultDirection.Response, Kind: RuleMessageKind.CreateSequenceResponse, SequenceId: not null } && answered.Contains(record.Exchange))
            .GroupBy(record => record.SequenceId!, StringComparer.Ordinal)
            .Select(group => group.First());
        var terminated = records
            .Where(record => record is { Direction: FaultDirection.Request, Kind: RuleMessageKind.Terminate, SequenceId: not null } && answered.Contains(record.Exchange))
            .Select(record => record.SequenceId!)
            .ToHashSet(StringComparer.Ordinal);
        var requests = records
            .Where(record => record is { Direction: FaultDirection.Request, SequenceId: not null })
            .ToLookup(record => record.SequenceId!, StringComparer.Ordinal);

        return
        [
            .. created
                .Where(record => !terminated.Contains(record.SequenceId!))
                .Select(record => new OpenSequence(record.Session, record.SequenceId!, LastSent(requests[record.SequenceId!])))
                .OrderBy(sequence => sequence.Session),
        ];
    }

    /// <summary>Ends every sequence left open; returns one line per sequence for the report (none when nothing was left open).</summary>
    public static async Task<IReadOnlyList<string>> EndLeftOpenAsync(Uri target, Scenario scenario, IReadOnlyCollection<ProxyTraceRecord> records, RunClock clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var open = LeftOpen(records);
        if (open.Count == 0 || !scenario.Settings.Enabled)
        {
            return [];
        }

        using var http = JournalClient.CreateHttpClient(maxConnections: 4);
        var offered = scenario.Contract == ContractShape.Mixed;
        var notes = new List<string>();
        foreach (var sequence in open)
        {
            var problem = await SequenceEnder.EndAsync(
                http,
                target,
                scenario.Settings.ReliableMessagingVersion,
                scenario.Settings.MessageVersion,
                sequence.Id,
                sequence.LastSent,
                offered,
                TimeoutPerMessage,
                clock,
                cancellationToken).ConfigureAwait(false);
            notes.Add(problem is null
                ? string.Create(CultureInfo.InvariantCulture, $"session {sequence.Session}: the client left sequence {sequence.Id} open on the target; the harness ended it ({(scenario.Settings.ReliableMessagingVersion.IsFebruary2005 ? "LastMessage" : "CloseSequence")} and TerminateSequence)")
                : string.Create(CultureInfo.InvariantCulture, $"session {sequence.Session}: the client left sequence {sequence.Id} open on the target and the harness could not end it ({problem}); the target may hold it until its inactivity timeout"));
        }

        return notes;
    }

    /// <summary>The highest number sent; a LastMessage already sent is sent again with its own number, so one below it.</summary>
    private static long LastSent(IEnumerable<ProxyTraceRecord> requests)
    {
        var numbered = requests.Where(record => record.Kind is RuleMessageKind.Application or RuleMessageKind.LastMessage).ToList();
        var lastMessage = numbered.Where(record => record.Kind == RuleMessageKind.LastMessage).Select(record => record.Number).DefaultIfEmpty(0).Max();
        return lastMessage > 0 ? lastMessage - 1 : numbered.Select(record => record.Number).DefaultIfEmpty(0).Max();
    }
}
