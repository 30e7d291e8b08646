using Harness.Protocol.Timing;
using Harness.Reliability.Destination.Policy;
using Harness.Reliability.Events;
using Harness.Reliability.Journal;
using Harness.Reliability.Settings;

namespace Harness.Reliability.Destination;

/// <summary>What every part of the destination shares: its options, clock, journal, event sink and policy.</summary>
internal sealed class DestinationContext
{
    private readonly IReliabilityEventSink _events;

    public DestinationContext(DestinationOptions options, DeliveryJournal journal, IReliabilityEventSink events, IDestinationPolicy policy)
    {
        Options = options;
        Journal = journal;
        Policy = policy;
        _events = events;
        DeliversInOrder = policy.DeliversInOrder(options.Settings.Ordered);
    }

    public DestinationOptions Options { get; }

    public ReliableSessionSettings Settings => Options.Settings;

    public RunClock Clock => Options.Clock;

    public TimeSpan Now => Options.Clock.Elapsed;

    public DeliveryJournal Journal { get; }

    public IDestinationPolicy Policy { get; }

    /// <summary>Whether a message that arrives ahead of a gap waits for it (the policy's word on an Ordered session).</summary>
    public bool DeliversInOrder { get; }

    public void Record(ReliabilityEventKind kind, string? sequenceId, long number, string? detail) =>
        _events.Record(new ReliabilityEvent(Now, kind, sequenceId, number, Detail: detail));
}
