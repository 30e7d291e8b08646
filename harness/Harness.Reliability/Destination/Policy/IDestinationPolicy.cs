using Harness.Protocol.Acknowledgements;
using Harness.Protocol.Soap;
using Harness.Reliability.Destination.Answers;
using Harness.Reliability.Destination.Sequences;
using Harness.Reliability.Journal;

namespace Harness.Reliability.Destination.Policy;

/// <summary>
/// The decisions where a destination can be built wrong on purpose (<see cref="DestinationDefects"/>), made in one
/// place instead of checked along the message path: <see cref="CorrectDestinationPolicy"/> is the real behaviour,
/// <see cref="DefectiveDestinationPolicy"/> the deliberate bugs. Members that take a sequence run under its lock.
/// </summary>
internal interface IDestinationPolicy
{
    /// <summary>Whether a session created Ordered holds a message that arrives ahead of a gap until the gap fills.</summary>
    bool DeliversInOrder(bool ordered);

    /// <summary>Whether a retransmission of a delivered message is recognised as one rather than delivered again.</summary>
    bool SuppressesDuplicates { get; }

    /// <summary>A message discarded on arrival (the buffer full, or ahead of a gap where only the next is accepted): never acknowledged by a correct destination.</summary>
    void Discarded(InboundSequence sequence, long number);

    /// <summary>The message numbers the sequence's acknowledgement covers.</summary>
    SequenceRangeSet Acknowledged(InboundSequence sequence);

    /// <summary>What the delivery of <paramref name="call"/> writes to the journal, and in which order.</summary>
    JournalRelease Release(InboundSequence sequence, JournalCall call, long number);

    /// <summary>The sequence delivers nothing more (closed, terminated, expired, or at its LastMessage).</summary>
    void StopDelivery(InboundSequence sequence);

    /// <summary>The cached reply that answers request <paramref name="number"/>, whose own reply is <paramref name="own"/>.</summary>
    SoapMessage CachedReply(InboundSequence sequence, long number, SoapMessage own);

    /// <summary>The answer to a message that could not be read; null leaves it to the correct answer (a fault).</summary>
    DestinationResponse? AnswerUnreadable(ReadOnlyMemory<byte> body, SequenceTable sequences, AcknowledgementBuilder acknowledgements);
}

/// <summary>
/// What delivering a call writes to the journal: first a call held back earlier (if any), then the call itself
/// when <see cref="WriteCall"/> is set.
/// </summary>
internal readonly record struct JournalRelease(HeldBackCall? HeldBefore, bool WriteCall)
{
    public static readonly JournalRelease CallOnly = new(null, true);
}

/// <summary>A delivered call whose write to the journal is deferred, with its message number.</summary>
internal sealed record HeldBackCall(JournalCall Call, long Number);

/// <summary>Builds the policy <see cref="DestinationOptions.Defects"/> asks for.</summary>
internal static class DestinationPolicies
{
    public static IDestinationPolicy For(DestinationDefects defects) =>
        defects == DestinationDefects.None ? CorrectDestinationPolicy.Instance : new DefectiveDestinationPolicy(defects);
}
