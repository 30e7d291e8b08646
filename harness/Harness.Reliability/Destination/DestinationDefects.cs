namespace Harness.Reliability.Destination;

/// <summary>
/// Deliberate protocol bugs the destination can be built with, so that tests can prove the checker catches broken
/// destinations. The command line never sets them; a correct destination has <see cref="None"/>.
/// </summary>
[Flags]
public enum DestinationDefects
{
    None = 0,

    /// <summary>A retransmission of a message already delivered is delivered to the journal again, every time.</summary>
    NoDuplicateSuppression = 1 << 0,

    /// <summary>Ordered sessions deliver each new message as it arrives, ignoring gaps (duplicates are still suppressed).</summary>
    DeliverOnArrival = 1 << 1,

    /// <summary>
    /// A message the destination discards on arrival (its ordered buffer full, or ahead of a gap where it accepts only
    /// the next message, see <see cref="DestinationOptions.DiscardAheadOfGap"/>) is acknowledged all the same, so the
    /// source never sends it again and it is never delivered.
    /// </summary>
    AcknowledgeDiscarded = 1 << 2,

    /// <summary>
    /// Each one-way Post is held back until the sequence's next message is delivered (it is acknowledged at once);
    /// the one still held when the sequence is closed, gets its LastMessage or is terminated is lost.
    /// </summary>
    DropLastMessage = 1 << 3,

    /// <summary>
    /// A sequenced message whose body cannot be read, but whose Sequence header can, is acknowledged as if delivered
    /// and never reaches the journal; its intact resend is then taken for a duplicate. A real CoreWCF service does this
    /// (shared/wire/corewcf-target-findings.md, finding F: it answers with a fault that carries the acknowledgement,
    /// which the WCF client does not surface for a one-way call); here the answer is a plain acknowledgement.
    /// </summary>
    AcknowledgeDamagedBody = 1 << 4,

    /// <summary>
    /// Every acknowledgement also covers the number after the highest one delivered, before any copy of that message
    /// has arrived: an acknowledgement of a message the destination never received.
    /// </summary>
    AcknowledgeNextUnreceived = 1 << 5,

    /// <summary>
    /// A request answered again from the reply cache (its retransmission, or a copy) gets the reply of the call before
    /// it, addressed to it: the reply's count is another call's.
    /// </summary>
    ReplyToWrongCall = 1 << 6,
}
