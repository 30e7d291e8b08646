using Harness.Protocol.Acknowledgements;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;
using Harness.Reliability.Destination.Replies;
using Harness.Reliability.Events;
using Harness.Reliability.Journal;

namespace Harness.Reliability.Destination.Sequences;

/// <summary>
/// One sequence at the destination: its state, and the ordering and delivery of its messages (in order when the
/// session is Ordered, each once, the buffer ahead of a gap bounded by the transfer window). Guarded by
/// <see cref="Gate"/>: every change and every acknowledgement is made under it, so deliveries happen in one order and
/// acknowledgements never run ahead of them; the methods here expect the caller to hold it.
/// </summary>
internal sealed class InboundSequence
{
    private readonly DestinationContext _context;

    public InboundSequence(DestinationContext context, string id, ReliableMessagingVersion rm, MessageVersion version, string? offeredId, string createMessageId)
    {
        _context = context;
        Id = id;
        ReliableMessaging = rm;
        Version = version;
        CreateMessageId = createMessageId;
        Reply = offeredId is null ? null : new ReplySequence(offeredId, rm, version, 4 * context.Settings.MaxTransferWindowSize);
        LastActivity = context.Now;
    }

    public Lock Gate { get; } = new();

    public string Id { get; }

    public ReliableMessagingVersion ReliableMessaging { get; }

    public MessageVersion Version { get; }

    /// <summary>The MessageID of the CreateSequence that made it (a retransmitted CreateSequence gets the same answer).</summary>
    public string CreateMessageId { get; }

    /// <summary>The offered sequence that carries replies; null when the source made no Offer.</summary>
    public ReplySequence? Reply { get; }

    /// <summary>Delivered message numbers.</summary>
    public SequenceRangeSet Delivered { get; } = new();

    /// <summary>
    /// What the destination answers for, and so acknowledges: every delivered message and every one-way message held
    /// in the ordered buffer ahead of a gap (selective acknowledgement, as WCF acknowledges what is in its transfer
    /// window), so the source resends only the gap. It only grows: a held message given up when the sequence ends
    /// stays acknowledged. A held request (and February 2005's LastMessage on a reply session) is not acknowledged:
    /// its reply can only travel on the answer to a resend.
    /// </summary>
    public SequenceRangeSet Received { get; } = new();

    /// <summary>Ordered mode: messages that arrived ahead of a gap, at most the transfer window of them.</summary>
    public SortedDictionary<long, PendingMessage> Buffer { get; } = [];

    /// <summary>Ordered mode: the next number to deliver.</summary>
    public long NextToDeliver { get; set; } = 1;

    /// <summary>February 2005: the LastMessage's number; 1.1: CloseSequence's LastMsgNumber.</summary>
    public long? LastMessageNumber { get; set; }

    /// <summary>1.1: CloseSequence was received.</summary>
    public bool Closed { get; private set; }

    public bool Ended { get; private set; }

    /// <summary>
    /// Set once the application has accepted the session (WCF's AcceptChannel): until then the sequence counts
    /// against MaxPendingChannels and none of its messages is delivered. Changed only under the table's lock.
    /// </summary>
    public bool Accepted { get; set; }

    /// <summary>When the application accepts the session (see <see cref="DestinationOptions.AcceptDelay"/>).</summary>
    public TimeSpan AcceptAt { get; set; }

    public TimeSpan LastActivity { get; private set; }

    /// <summary>The CreateSequenceResponse, kept to answer a retransmitted CreateSequence identically.</summary>
    public SoapMessage? CreateResponse { get; set; }

    public void Touch() => LastActivity = _context.Now;

    public void Record(ReliabilityEventKind kind, long number, string? detail) => _context.Record(kind, Id, number, detail);

    /// <summary>A retransmission of a delivered message: recognised as such, unless the policy delivers it again.</summary>
    public void ReceiveDuplicate(JournalCall? call, long number)
    {
        if (call is not null && !_context.Policy.SuppressesDuplicates)
        {
            Write(call, number);
        }
        else
        {
            Record(ReliabilityEventKind.Duplicate, number, "already delivered");
        }
    }

    /// <summary>A message not delivered before: delivered now (with whatever it unblocks), held ahead of a gap, or dropped.</summary>
    /// <param name="call">Null for the February 2005 LastMessage, which carries no application content.</param>
    public Arrival Receive(JournalCall? call, long number, string? messageId)
    {
        if (Buffer.TryGetValue(number, out var buffered))
        {
            Record(ReliabilityEventKind.Duplicate, number, "already buffered");
            return new Arrival(ArrivalOutcome.Held, buffered);
        }

        Record(ReliabilityEventKind.Received, number, call?.Operation.ToString() ?? "LastMessage");
        var pending = new PendingMessage(number, call, messageId);
        if (!_context.DeliversInOrder || number == NextToDeliver)
        {
            Deliver(pending);
            DeliverBufferedInOrder();
            return new Arrival(ArrivalOutcome.Delivered, pending);
        }

        if (_context.Options.DiscardAheadOfGap && Reply is not null)
        {
            Record(ReliabilityEventKind.Discarded, number, $"ahead of a gap (waiting for {NextToDeliver}): only the next message in order is accepted");
            _context.Policy.Discarded(this, number);
            return new Arrival(ArrivalOutcome.Dropped, null);
        }

        if (Buffer.Count >= _context.Settings.MaxTransferWindowSize)
        {
            // The buffer is full: the message is dropped unacknowledged and the source will send it again.
            Record(ReliabilityEventKind.Discarded, number, "delivery buffer full");
            _context.Policy.Discarded(this, number);
            return new Arrival(ArrivalOutcome.Dropped, null);
        }

        Buffer.Add(number, pending);
        if (Reply is null || call is { Operation: JournalOperation.Post })
        {
            Received.Add(number);
        }

        Record(ReliabilityEventKind.Buffered, number, $"waiting for {NextToDeliver}");
        return new Arrival(ArrivalOutcome.Held, pending);
    }

    public void DeliverBufferedInOrder()
    {
        while (Buffer.Remove(NextToDeliver, out var next))
        {
            Deliver(next);
        }
    }

    /// <summary>1.1's CloseSequence: no more messages are accepted; what waits ahead of a gap is given up.</summary>
    public void Close(long? lastMessageNumber)
    {
        if (Closed)
        {
            return;
        }

        Closed = true;
        LastMessageNumber = lastMessageNumber ?? Delivered.Highest;
        StopDelivery("sequence closed with a gap");
    }

    /// <summary>TerminateSequence: the sequence ends (and, in 1.1, is closed).</summary>
    public void Terminate()
    {
        Ended = true;
        Closed = ReliableMessaging.Is11 || Closed;
        StopDelivery("sequence terminated with a gap");
    }

    /// <summary>Ends the sequence when it has been idle longer than <paramref name="timeout"/>; true when it did.</summary>
    public bool ExpireIfIdle(TimeSpan now, TimeSpan timeout)
    {
        if (now - LastActivity <= timeout)
        {
            return false;
        }

        Ended = true;
        StopDelivery("sequence expired");
        return true;
    }

    private void Deliver(PendingMessage pending)
    {
        var number = pending.Number;
        if (pending.Call is { } call)
        {
            // Only a Post is ever held back, so an Append always has its entry (and count) here.
            if (Write(call, number) is { Operation: JournalOperation.Append } entry)
            {
                Reply!.CacheAppendResponse(number, pending.MessageId, entry.CountInSession);
            }
        }
        else
        {
            // The February 2005 LastMessage carries nothing to deliver; whatever is still held back is lost with it.
            _context.Policy.StopDelivery(this);

            // Answered, as CoreWCF does, by the destination's own LastMessage on the reply sequence.
            Reply?.CacheLastMessage(number);
        }

        Delivered.Add(number);
        Received.Add(number);
        if (_context.DeliversInOrder)
        {
            NextToDeliver = number + 1;
        }

        pending.Delivered.TrySetResult();
    }

    /// <summary>Writes a delivered call as the policy releases it; returns the call's own entry (null when held back).</summary>
    private JournalEntry? Write(JournalCall call, long number)
    {
        var release = _context.Policy.Release(this, call, number);
        if (release.HeldBefore is { } held)
        {
            RecordInJournal(held.Call, held.Number);
        }

        return release.WriteCall ? RecordInJournal(call, number) : null;
    }

    private JournalEntry RecordInJournal(JournalCall call, long number)
    {
        var entry = _context.Journal.Record(Id, call, number);
        Record(ReliabilityEventKind.Delivered, number, $"{call.Operation} {call.Sequence}");
        return entry;
    }

    private void StopDelivery(string reason)
    {
        foreach (var pending in Buffer.Values)
        {
            Record(ReliabilityEventKind.Discarded, pending.Number, reason);
            pending.Delivered.TrySetResult();
        }

        Buffer.Clear();
        _context.Policy.StopDelivery(this);
    }
}

/// <summary>A message held in the ordered-delivery buffer, with a signal its waiting HTTP request is woken by.</summary>
internal sealed class PendingMessage(long number, JournalCall? call, string? messageId)
{
    public long Number { get; } = number;

    /// <summary>Null for the February 2005 LastMessage, which carries no application content.</summary>
    public JournalCall? Call { get; } = call;

    public string? MessageId { get; } = messageId;

    public TaskCompletionSource Delivered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

internal enum ArrivalOutcome
{
    /// <summary>Delivered now.</summary>
    Delivered,

    /// <summary>Buffered ahead of a gap (now or before): <see cref="Arrival.Pending"/> is delivered when the gap fills.</summary>
    Held,

    /// <summary>Dropped unacknowledged: the source must send it again.</summary>
    Dropped,
}

/// <summary>What became of a message on arrival, with the buffered message to wait for when it is held.</summary>
internal readonly record struct Arrival(ArrivalOutcome Outcome, PendingMessage? Pending);
