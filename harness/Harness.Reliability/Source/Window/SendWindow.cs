using Harness.Protocol.Acknowledgements;
using Harness.Protocol.ReliableMessaging;
using Harness.Reliability.Journal;

namespace Harness.Reliability.Source.Window;

/// <summary>
/// The send window's bookkeeping: messages from numbering until done, what the destination acknowledged, and the
/// callers waiting for room. Message n may go out once n is below the lowest number not done plus the window size.
/// Not thread-safe: <see cref="SourceSequence"/> holds its lock around every use.
/// </summary>
internal sealed class SendWindow(int size)
{
    private readonly SortedDictionary<long, OutgoingMessage> _outstanding = [];
    private readonly SequenceRangeSet _acknowledged = new();
    private readonly SortedDictionary<long, TaskCompletionSource> _waitingForRoom = [];

    /// <summary>The highest number given out so far (0 before the first message).</summary>
    public long LastNumber { get; private set; }

    /// <summary>Messages numbered and not done yet, in number order.</summary>
    public IEnumerable<OutgoingMessage> Outstanding => _outstanding.Values;

    /// <summary>The lowest number not done yet (acknowledged ones still waiting for a reply included): the window's base.</summary>
    private long LowestOutstanding => _outstanding.Count == 0 ? LastNumber + 1 : _outstanding.First().Key;

    /// <summary>Numbers the next message; numbers follow submission order, whatever order the window lets messages out in.</summary>
    public OutgoingMessage Add(JournalCall? call, string? messageId)
    {
        var message = new OutgoingMessage(++LastNumber, call, messageId);
        _outstanding.Add(message.Number, message);
        return message;
    }

    /// <summary>Completes when the window has room for <paramref name="number"/>: at once, or when messages before it are done.</summary>
    public Task RoomFor(long number)
    {
        if (number < LowestOutstanding + size)
        {
            return Task.CompletedTask;
        }

        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waitingForRoom.Add(number, waiter);
        return waiter.Task;
    }

    /// <summary>A message is done: it leaves the window, which may make room for others.</summary>
    public void Remove(OutgoingMessage message)
    {
        _outstanding.Remove(message.Number);
        ReleaseWaitersWithRoom();
    }

    /// <summary>Wakes every caller the window now has room for.</summary>
    public void ReleaseWaitersWithRoom()
    {
        var limit = LowestOutstanding + size;
        while (_waitingForRoom.Count > 0)
        {
            var (number, waiter) = _waitingForRoom.First();
            if (number >= limit)
            {
                break;
            }

            _waitingForRoom.Remove(number);
            waiter.TrySetResult();
        }
    }

    /// <summary>Every caller still waiting for room, taken out of the window (the session faulted).</summary>
    public TaskCompletionSource[] TakeWaiters()
    {
        TaskCompletionSource[] waiters = [.. _waitingForRoom.Values];
        _waitingForRoom.Clear();
        return waiters;
    }

    /// <summary>The lowest message sent or queued and not yet acknowledged.</summary>
    public OutgoingMessage? LowestUnacknowledged()
    {
        foreach (var message in _outstanding.Values)
        {
            if (!message.Acknowledged)
            {
                return message;
            }
        }

        return null;
    }

    /// <summary>
    /// Takes in an acknowledgement: adds the messages it acknowledges for the first time to
    /// <paramref name="newlyAcknowledged"/> and those whose wait should be cut short to <paramref name="wake"/>; progress
    /// restarts the back-off of every message still waiting, and may make room in the window.
    /// </summary>
    public void Apply(SequenceAcknowledgement ack, List<OutgoingMessage> newlyAcknowledged, List<OutgoingMessage> wake)
    {
        var lowestBefore = LowestUnacknowledged()?.Number;
        foreach (var range in ack.Ranges)
        {
            Acknowledge(range, newlyAcknowledged);
        }

        // Delivered, but answered before delivery (it arrived ahead of a gap): asked again now for the cached reply
        // instead of after the back-off.
        wake.AddRange(newlyAcknowledged.Where(m => m.ExpectsReply && m.Reply is null));
        var lowestNow = LowestUnacknowledged();
        var progress = lowestNow is not null && lowestNow.Number != lowestBefore;
        if (progress)
        {
            // Progress: every waiting message starts its back-off again.
            foreach (var waiting in _outstanding.Values)
            {
                waiting.BackoffStep = 1;
            }
        }

        // The lowest unacknowledged message was answered without being acknowledged (the destination discarded or lost
        // it): it goes again now instead of when its timer runs out, once the gap before it closes or once later
        // messages are acknowledged while it is not. Only once: a gap that does not fill then waits out the back-off
        // rather than spending the retries on every acknowledgement that follows.
        if (lowestNow is { Discarded: true, SentAgainEarly: false } && (progress || newlyAcknowledged.Any(m => m.Number > lowestNow.Number)))
        {
            lowestNow.SentAgainEarly = true;
            wake.Add(lowestNow);
        }

        foreach (var nack in ack.Nacks)
        {
            if (_outstanding.TryGetValue(nack, out var missing))
            {
                wake.Add(missing);
            }
        }

        ReleaseWaitersWithRoom();
    }

    private void Acknowledge(SequenceRange range, List<OutgoingMessage> newlyAcknowledged)
    {
        if (_acknowledged.ContainsAll(range))
        {
            return;
        }

        _acknowledged.Add(range);
        foreach (var (number, message) in _outstanding)
        {
            if (number > range.Upper)
            {
                break;
            }

            if (number >= range.Lower && !message.Acknowledged)
            {
                message.Acknowledged = true;
                newlyAcknowledged.Add(message);
            }
        }
    }
}
