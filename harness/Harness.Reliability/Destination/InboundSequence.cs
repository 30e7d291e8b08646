using Harness.Protocol.Acknowledgements;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;
using Harness.Reliability.Journal;

namespace Harness.Reliability.Destination;

/// <summary>
/// The destination's state for one sequence. Guarded by <see cref="Gate"/>: every change and every acknowledgement
/// is made under it, so deliveries happen in one order and acknowledgements never run ahead of them.
/// </summary>
internal sealed class InboundSequence
{
    public InboundSequence(string id, ReliableMessagingVersion rm, MessageVersion version, string? offeredId, string createMessageId, TimeSpan now)
    {
        Id = id;
        ReliableMessaging = rm;
        Version = version;
        CreateMessageId = createMessageId;
        Reply = offeredId is null ? null : new ReplySequence(offeredId);
        LastActivity = now;
    }

    public Lock Gate { get; } = new();

    public string Id { get; }

    public ReliableMessagingVersion ReliableMessaging { get; }

    public MessageVersion Version { get; }

    /// <summary>The MessageID of the CreateSequence that made it (a retransmitted CreateSequence gets the same answer).</summary>
    public string CreateMessageId { get; }

    /// <summary>The offered sequence that carries replies; null when the source made no Offer.</summary>
    public ReplySequence? Reply { get; }

    /// <summary>Delivered message numbers: only these are acknowledged.</summary>
    public SequenceRangeSet Delivered { get; } = new();

    /// <summary>
    /// <see cref="DestinationDefects.AcknowledgeBeforeDelivery"/> only: numbers acknowledged without being delivered
    /// (buffered, or discarded because the buffer was full).
    /// </summary>
    public SequenceRangeSet AcknowledgedEarly { get; } = new();

    /// <summary>
    /// <see cref="DestinationDefects.DropLastMessage"/> only: the delivered Post not yet written to the journal; it is
    /// written when the next message is delivered, and lost when the sequence ends first.
    /// </summary>
    public HeldBackCall? HeldBackPost { get; set; }

    /// <summary>Ordered mode: messages that arrived ahead of a gap, at most the transfer window of them.</summary>
    public SortedDictionary<long, PendingMessage> Buffer { get; } = [];

    /// <summary>Ordered mode: the next number to deliver.</summary>
    public long NextToDeliver { get; set; } = 1;

    /// <summary>February 2005: the LastMessage's number; 1.1: CloseSequence's LastMsgNumber.</summary>
    public long? LastMessageNumber { get; set; }

    /// <summary>1.1: CloseSequence was received.</summary>
    public bool Closed { get; set; }

    public bool Ended { get; set; }

    /// <summary>
    /// Set once the application has accepted the session (WCF's AcceptChannel): until then the sequence counts
    /// against MaxPendingChannels and none of its messages is delivered. Changed only under the destination's table lock.
    /// </summary>
    public bool Accepted { get; set; }

    /// <summary>When the application accepts the session (see <see cref="DestinationOptions.AcceptDelay"/>).</summary>
    public TimeSpan AcceptAt { get; set; }

    public TimeSpan LastActivity { get; set; }

    /// <summary>The CreateSequenceResponse, kept to answer a retransmitted CreateSequence identically.</summary>
    public SoapMessage? CreateResponse { get; set; }
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

/// <summary>A delivered call whose write to the journal is deferred, with its message number.</summary>
internal sealed record HeldBackCall(JournalCall Call, long Number);

/// <summary>The offered sequence on which the destination sends replies, with the replies not yet acknowledged.</summary>
internal sealed class ReplySequence(string id)
{
    public string Id { get; } = id;

    public long NextNumber { get; set; } = 1;

    /// <summary>Reply numbers the source acknowledged.</summary>
    public SequenceRangeSet Acknowledged { get; } = new();

    /// <summary>Replies by the number of the request they answer, until the source acknowledges them.</summary>
    public Dictionary<long, SoapMessage> UnacknowledgedByRequest { get; } = [];

    public long HighestSent => NextNumber - 1;
}
