using Harness.Protocol.ReliableMessaging;

namespace Harness.Reliability.Source;

/// <summary>
/// The reliable session failed: retries ran out, the destination sent a WS-RM fault, or the transport kept failing.
/// Names every message that was never acknowledged, so nothing is lost silently.
/// </summary>
public sealed class ReliableSessionFaultedException : Exception
{
    public ReliableSessionFaultedException(string message, IReadOnlyList<long> unacknowledged, SequenceFault? fault = null, Exception? innerException = null)
        : base(Describe(message, unacknowledged), innerException)
    {
        Unacknowledged = unacknowledged;
        Fault = fault;
    }

    /// <summary>Message numbers sent or queued but never acknowledged.</summary>
    public IReadOnlyList<long> Unacknowledged { get; }

    /// <summary>The WS-RM fault the destination sent, when that is why the session failed.</summary>
    public SequenceFault? Fault { get; }

    private static string Describe(string message, IReadOnlyList<long> unacknowledged) => unacknowledged.Count == 0
        ? message
        : $"{message} Unacknowledged messages: {string.Join(", ", unacknowledged.Take(50))}{(unacknowledged.Count > 50 ? $" (and {unacknowledged.Count - 50} more)" : string.Empty)}.";
}
