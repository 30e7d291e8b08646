using System.Runtime.CompilerServices;
using Harness.Protocol.Acknowledgements;
using Harness.Protocol.Soap;
using Harness.Reliability.Destination.Answers;
using Harness.Reliability.Destination.Faults;
using Harness.Reliability.Destination.Sequences;
using Harness.Reliability.Events;
using Harness.Reliability.Journal;

namespace Harness.Reliability.Destination.Policy;

/// <summary>
/// The deliberate protocol bugs of <see cref="DestinationDefects"/>, so that tests can prove the checker catches
/// broken destinations; whatever defect is not set behaves as <see cref="CorrectDestinationPolicy"/>. The state a
/// defect keeps per sequence lives here, not on the sequence.
/// </summary>
internal sealed class DefectiveDestinationPolicy(DestinationDefects defects) : IDestinationPolicy
{
    /// <summary>How many replies <see cref="DestinationDefects.ReplyToWrongCall"/> remembers per sequence.</summary>
    private const int RepliesRemembered = 64;

    private readonly ConditionalWeakTable<InboundSequence, DefectState> _states = [];

    public bool SuppressesDuplicates => !Has(DestinationDefects.NoDuplicateSuppression);

    public bool DeliversInOrder(bool ordered) => ordered && !Has(DestinationDefects.DeliverOnArrival);

    public void Discarded(InboundSequence sequence, long number)
    {
        if (Has(DestinationDefects.AcknowledgeDiscarded))
        {
            StateOf(sequence).AcknowledgedDiscarded.Add(number);
        }
    }

    public SequenceRangeSet Acknowledged(InboundSequence sequence)
    {
        var acknowledged = sequence.Received;
        if (Has(DestinationDefects.AcknowledgeDiscarded) && StateOf(sequence).AcknowledgedDiscarded is { IsEmpty: false } discarded)
        {
            acknowledged = acknowledged.Clone();
            acknowledged.UnionWith(discarded);
        }

        if (Has(DestinationDefects.AcknowledgeNextUnreceived) && !acknowledged.IsEmpty && !sequence.Ended)
        {
            acknowledged = acknowledged.Clone();
            acknowledged.Add(acknowledged.Highest + 1);
        }

        return acknowledged;
    }

    /// <summary>
    /// <see cref="DestinationDefects.DropLastMessage"/>: each Post is held back (acknowledged, not written) until the
    /// next message is delivered, and the Post held before is written first, so the journal keeps delivery order.
    /// </summary>
    public JournalRelease Release(InboundSequence sequence, JournalCall call, long number)
    {
        if (!Has(DestinationDefects.DropLastMessage))
        {
            return JournalRelease.CallOnly;
        }

        var state = StateOf(sequence);
        var heldBefore = state.HeldBackPost;
        state.HeldBackPost = call.Operation == JournalOperation.Post ? new HeldBackCall(call, number) : null;
        return new JournalRelease(heldBefore, WriteCall: state.HeldBackPost is null);
    }

    /// <summary>The Post still held back when the sequence stops delivering is lost with it.</summary>
    public void StopDelivery(InboundSequence sequence)
    {
        if (_states.TryGetValue(sequence, out var state))
        {
            state.HeldBackPost = null;
        }
    }

    /// <summary>
    /// <see cref="DestinationDefects.ReplyToWrongCall"/>: each request's first answer is its own reply, remembered; a
    /// request answered again gets the remembered reply of the one before it, addressed to itself.
    /// </summary>
    public SoapMessage CachedReply(InboundSequence sequence, long number, SoapMessage own)
    {
        if (!Has(DestinationDefects.ReplyToWrongCall))
        {
            return own;
        }

        var given = StateOf(sequence).RepliesGiven;
        if (given.TryAdd(number, own))
        {
            while (given.Count > RepliesRemembered)
            {
                given.Remove(given.Keys.Min());
            }

            return own;
        }

        return given.TryGetValue(number - 1, out var other)
            ? other with { Addressing = other.Addressing with { RelatesTo = own.Addressing.RelatesTo } }
            : own;
    }

    /// <summary>
    /// <see cref="DestinationDefects.AcknowledgeDamagedBody"/>: when the Sequence header of an unreadable message can
    /// still be made out (the damage is in the body) and it is the next message of a known sequence, it counts as
    /// delivered (acknowledged from now on) without reaching the journal.
    /// </summary>
    public DestinationResponse? AnswerUnreadable(ReadOnlyMemory<byte> body, SequenceTable sequences, AcknowledgementBuilder acknowledgements)
    {
        if (!Has(DestinationDefects.AcknowledgeDamagedBody)
            || !UnreadableBody.TryReadSequenceHeader(body, out var identifier, out var number)
            || sequences.FindAny(identifier) is not { } sequence)
        {
            return null;
        }

        lock (sequence.Gate)
        {
            sequence.Touch();
            if (number == sequence.NextToDeliver && !sequence.Delivered.Contains(number))
            {
                sequence.Record(ReliabilityEventKind.Discarded, number, "body unreadable: acknowledged, never delivered (deliberate defect)");
                sequence.Delivered.Add(number);
                sequence.Received.Add(number);
                sequence.NextToDeliver = number + 1;
                sequence.DeliverBufferedInOrder();
            }

            return sequence.Delivered.Contains(number) ? acknowledgements.AfterDelivery(sequence, number) : null;
        }
    }

    private bool Has(DestinationDefects defect) => (defects & defect) != 0;

    private DefectState StateOf(InboundSequence sequence) => _states.GetValue(sequence, static _ => new DefectState());

    /// <summary>What the defects remember of one sequence; guarded by the sequence's lock.</summary>
    private sealed class DefectState
    {
        /// <summary>Numbers discarded on arrival and acknowledged all the same.</summary>
        public SequenceRangeSet AcknowledgedDiscarded { get; } = new();

        /// <summary>The delivered Post not yet written to the journal.</summary>
        public HeldBackCall? HeldBackPost { get; set; }

        /// <summary>The reply each request was first answered with, by request number.</summary>
        public Dictionary<long, SoapMessage> RepliesGiven { get; } = [];
    }
}
