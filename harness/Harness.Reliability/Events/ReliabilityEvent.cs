namespace Harness.Reliability.Events;

/// <summary>What happened, on the client (source) or the service (destination).</summary>
public enum ReliabilityEventKind
{
    // Client side.
    SequenceRequested,
    SequenceCreated,
    Sent,
    Retransmitted,
    Acknowledged,
    ReplyReceived,
    AckRequestedSent,

    /// <summary>An answer the source did not act on (stale, or a refusal of a damaged message), with why.</summary>
    AnswerIgnored,
    SessionFaulted,
    SessionClosed,

    // Service side.
    SequenceAccepted,
    SequenceRefused,
    Received,
    Duplicate,
    Buffered,
    Discarded,
    Delivered,
    FaultSent,
    SequenceTerminated,
    SequenceExpired,
}

/// <summary>
/// One event. <see cref="Time"/> is the run clock's elapsed time (<see cref="Protocol.Timing.RunClock.Elapsed"/>); <see cref="MessageNumber"/> is 0 where no
/// message is concerned; <see cref="Attempt"/> counts sends of one message from 1.
/// </summary>
public sealed record ReliabilityEvent(
    TimeSpan Time,
    ReliabilityEventKind Kind,
    string? SequenceId,
    long MessageNumber = 0,
    int Attempt = 0,
    string? Detail = null);

/// <summary>Receives events; must be cheap and thread-safe (it is called on the message path).</summary>
public interface IReliabilityEventSink
{
    void Record(ReliabilityEvent reliabilityEvent);
}

/// <summary>Discards every event.</summary>
public sealed class NullEventSink : IReliabilityEventSink
{
    public static readonly NullEventSink Instance = new();

    public void Record(ReliabilityEvent reliabilityEvent)
    {
    }
}

/// <summary>Keeps every event in memory, in arrival order (for the runner and tests).</summary>
public sealed class RecordingEventSink : IReliabilityEventSink
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<ReliabilityEvent> _events = new();

    public IReadOnlyCollection<ReliabilityEvent> Events => _events;

    public void Record(ReliabilityEvent reliabilityEvent) => _events.Enqueue(reliabilityEvent);

    public IEnumerable<ReliabilityEvent> OfKind(ReliabilityEventKind kind) => _events.Where(e => e.Kind == kind);
}
