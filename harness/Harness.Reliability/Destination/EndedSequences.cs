namespace Harness.Reliability.Destination;

/// <summary>
/// A bounded memory of ended sequence identifiers, so a late message gets SequenceTerminated rather than
/// UnknownSequence. The oldest are forgotten first. Guarded by the destination's table lock.
/// </summary>
internal sealed class EndedSequences(int capacity)
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _gate = new();

    public void Add(string id)
    {
        lock (_gate)
        {
            if (!_ids.Add(id))
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

    public bool Contains(string id)
    {
        lock (_gate)
        {
            return _ids.Contains(id);
        }
    }
}
