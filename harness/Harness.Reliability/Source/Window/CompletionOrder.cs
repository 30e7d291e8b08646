namespace Harness.Reliability.Source.Window;

/// <summary>
/// When a done message's caller may return. On an ordered session, an acknowledgement of a one-way message held ahead
/// of a gap (selective acknowledgement) says the destination received it, not that it was delivered: it is delivered
/// when the gap fills, and lost with the session if the gap never does. So such a caller returns only once every
/// earlier message is acknowledged too; a reply proves delivery, so a request-reply caller returns at once.
/// Not thread-safe: <see cref="SourceSequence"/> holds its lock around every use.
/// </summary>
internal sealed class CompletionOrder(bool ordered)
{
    private readonly SortedDictionary<long, OutgoingMessage> _waitingForEarlier = [];

    /// <summary>Done messages whose callers still wait for an earlier message's acknowledgement.</summary>
    public IEnumerable<OutgoingMessage> WaitingForEarlier => _waitingForEarlier.Values;

    /// <summary>A message is done: returns the messages whose callers may return now (it, and any it unblocks).</summary>
    /// <param name="lowestUnacknowledged">The lowest number not acknowledged yet; null when every message is.</param>
    public List<OutgoingMessage> Done(OutgoingMessage message, long? lowestUnacknowledged)
    {
        if (!ordered || message.Reply is not null)
        {
            var released = Progress(lowestUnacknowledged);
            released.Add(message);
            return released;
        }

        _waitingForEarlier.Add(message.Number, message);
        return Progress(lowestUnacknowledged);
    }

    /// <summary>Acknowledgements moved on: the waiting messages now below the lowest unacknowledged one.</summary>
    public List<OutgoingMessage> Progress(long? lowestUnacknowledged)
    {
        var released = new List<OutgoingMessage>();
        while (_waitingForEarlier.Count > 0)
        {
            var (number, message) = _waitingForEarlier.First();
            if (lowestUnacknowledged is { } lowest && number >= lowest)
            {
                break;
            }

            _waitingForEarlier.Remove(number);
            released.Add(message);
        }

        return released;
    }
}
