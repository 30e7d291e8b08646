using Harness.Protocol.ReliableMessaging;

namespace Harness.Reliability.Destination.Sequences;

/// <summary>
/// A bounded memory of ended sequence identifiers, so a late message gets SequenceTerminated rather than
/// UnknownSequence, and, for a sequence the source terminated, its final acknowledgement, so a repeated
/// TerminateSequence (the source lost the first answer) gets the same answer again: the real WCF client faults the
/// session when a TerminateSequenceResponse lacks it. The oldest are forgotten first.
/// </summary>
internal sealed class EndedSequences(int capacity)
{
    private readonly Dictionary<string, SequenceAcknowledgement?> _ids = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _gate = new();

    public void Add(string id)
    {
        lock (_gate)
        {
            if (!_ids.TryAdd(id, null))
            {
                return;
            }

            _order.Enqueue(id);
            while (_order.Count > capacity)
            {
                _ids.Remove(_order.Dequeue());
            }
        }
    }

    /// <summary>Remembers the acknowledgement a terminated sequence ended with (only while the id is remembered).</summary>
    public void SetFinalAcknowledgement(string id, SequenceAcknowledgement? acknowledgement)
    {
        lock (_gate)
        {
            if (_ids.ContainsKey(id))
            {
                _ids[id] = acknowledgement;
            }
        }
    }

    /// <summary>The acknowledgement the sequence was terminated with, or null (unknown, expired, or none).</summary>
    public SequenceAcknowledgement? FinalAcknowledgement(string id)
    {
        lock (_gate)
        {
            return _ids.GetValueOrDefault(id);
        }
    }

    public bool Contains(string id)
    {
        lock (_gate)
        {
            return _ids.ContainsKey(id);
        }
    }
}
