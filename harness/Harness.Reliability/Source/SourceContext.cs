using Harness.Protocol.Timing;
using Harness.Protocol.Versions;
using Harness.Reliability.Events;
using Harness.Reliability.Settings;
using Harness.Reliability.Source.Retransmission;

namespace Harness.Reliability.Source;

/// <summary>What every part of an open reliable session shares: its sequence, settings, transport, clock, timer and events.</summary>
internal sealed class SourceContext(SoapHttpTransport transport, SessionOptions options, RetransmissionLoop retransmission, string sequenceId, string? offeredId)
{
    public string SequenceId { get; } = sequenceId;

    /// <summary>The offered reply sequence's identifier; null when the session expects no replies.</summary>
    public string? OfferedId { get; } = offeredId;

    public ReliableSessionSettings Settings { get; } = options.Settings;

    public ReliableMessagingVersion ReliableMessaging => Settings.ReliableMessagingVersion;

    public MessageVersion Version => Settings.MessageVersion;

    public SoapHttpTransport Transport { get; } = transport;

    public RunClock Clock { get; } = options.Clock;

    /// <summary>The one retransmission loop every resend goes through.</summary>
    public RetransmissionLoop Retransmission { get; } = retransmission;

    public RetransmissionTimer Timer => Retransmission.Timer;

    /// <summary>Deliberate protocol bugs (<see cref="SessionOptions.Defects"/>); none in a correct source.</summary>
    public SourceDefects Defects { get; } = options.Defects;

    public void Record(ReliabilityEventKind kind, long number, int attempt, string? detail) =>
        options.Events.Record(new ReliabilityEvent(Clock.Elapsed, kind, SequenceId, number, attempt, detail));
}
