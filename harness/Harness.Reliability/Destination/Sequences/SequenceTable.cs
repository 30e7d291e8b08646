using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Versions;

namespace Harness.Reliability.Destination.Sequences;

/// <summary>
/// The destination's sequences: by identifier, by offered reply identifier and by the CreateSequence that made them,
/// the sessions the application has not accepted yet (WCF's pending channels), and the memory of ended ones. One
/// lock guards the tables; each sequence's own state has its own (<see cref="InboundSequence.Gate"/>).
/// </summary>
internal sealed class SequenceTable(DestinationContext context)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, InboundSequence> _sequences = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InboundSequence> _byReplyId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InboundSequence> _byCreateMessageId = new(StringComparer.Ordinal);
    private readonly EndedSequences _ended = new(context.Options.EndedSequencesRemembered);

    // Sequences the application has not accepted yet, in creation order (hence in AcceptAt order); only these count
    // against MaxPendingChannels. Guarded by _gate, like _pendingCount (the queue may still hold removed ones).
    private readonly Queue<InboundSequence> _awaitingAccept = new();
    private int _pendingCount;

    /// <summary>Sequences alive now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _sequences.Count;
            }
        }
    }

    /// <summary>Sequences the application has not accepted yet.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                AcceptDueSequences(context.Now);
                return _pendingCount;
            }
        }
    }

    /// <summary>
    /// In one step under the table lock: a retransmitted CreateSequence (same MessageID, or same Offer) finds the
    /// sequence it made; otherwise the limits decide, and a new sequence from <paramref name="create"/> is added.
    /// </summary>
    /// <param name="requestRefusal">Why the request itself is refused, if it is; weighed after the limits.</param>
    public Admission Admit(string createMessageId, string? offeredId, string? requestRefusal, Func<InboundSequence> create)
    {
        var options = context.Options;
        lock (_gate)
        {
            if (_byCreateMessageId.TryGetValue(createMessageId, out var existing)
                || (offeredId is not null && _byReplyId.TryGetValue(offeredId, out existing)))
            {
                return new Admission(existing, Created: false, null);
            }

            // As in WCF, only sessions the application has not accepted yet count, not idle ones: otherwise a few
            // CreateSequence requests followed by silence would lock every client out until the InactivityTimeout.
            var now = context.Now;
            AcceptDueSequences(now);
            var maxPending = options.Settings.MaxPendingChannels;
            var refusal = _pendingCount >= maxPending
                ? $"{_pendingCount} sessions are waiting to be accepted by the application; MaxPendingChannels is {maxPending}."
                : _sequences.Count >= options.MaxSequences
                    ? $"The destination already holds {_sequences.Count} sequences, its limit."
                    : requestRefusal;
            if (refusal is not null)
            {
                return new Admission(null, Created: false, refusal);
            }

            var sequence = create();
            _sequences.Add(sequence.Id, sequence);
            _byCreateMessageId.Add(createMessageId, sequence);
            if (sequence.Reply is { } reply)
            {
                _byReplyId.Add(reply.Id, sequence);
            }

            if (options.AcceptDelay > TimeSpan.Zero)
            {
                sequence.AcceptAt = now + options.AcceptDelay;
                _awaitingAccept.Enqueue(sequence);
                _pendingCount++;
            }
            else
            {
                sequence.Accepted = true;
            }

            return new Admission(sequence, Created: true, null);
        }
    }

    /// <summary>The live sequence with this identifier, if it was created with the same WS-RM and message versions.</summary>
    public InboundSequence? Find(string identifier, ReliableMessagingVersion rm, MessageVersion version)
    {
        lock (_gate)
        {
            return _sequences.TryGetValue(identifier, out var sequence) && ReferenceEquals(sequence.ReliableMessaging, rm)
                && sequence.Version == version
                ? sequence
                : null;
        }
    }

    /// <summary>The live sequence with this identifier, whatever its versions.</summary>
    public InboundSequence? FindAny(string identifier)
    {
        lock (_gate)
        {
            return _sequences.GetValueOrDefault(identifier);
        }
    }

    /// <summary>The live sequence whose offered reply sequence has this identifier.</summary>
    public InboundSequence? FindByReplyId(string replyIdentifier)
    {
        lock (_gate)
        {
            return _byReplyId.GetValueOrDefault(replyIdentifier);
        }
    }

    public InboundSequence[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _sequences.Values];
        }
    }

    public bool IsAccepted(InboundSequence sequence)
    {
        lock (_gate)
        {
            AcceptDueSequences(context.Now);
            return sequence.Accepted;
        }
    }

    /// <summary>Removes the sequence and remembers it (and its reply sequence) as ended; false when it was gone already.</summary>
    public bool Remove(InboundSequence sequence)
    {
        lock (_gate)
        {
            if (!_sequences.Remove(sequence.Id))
            {
                return false;
            }

            _byCreateMessageId.Remove(sequence.CreateMessageId);
            if (sequence.Reply is { } reply)
            {
                _byReplyId.Remove(reply.Id);
                _ended.Add(reply.Id);
            }

            _ended.Add(sequence.Id);

            // Removed before the application accepted it: no longer pending; the queue drops it when it reaches it.
            if (!sequence.Accepted)
            {
                sequence.Accepted = true;
                _pendingCount--;
            }

            return true;
        }
    }

    public bool IsEnded(string identifier) => _ended.Contains(identifier);

    /// <inheritdoc cref="EndedSequences.FinalAcknowledgement"/>
    public SequenceAcknowledgement? FinalAcknowledgement(string identifier) => _ended.FinalAcknowledgement(identifier);

    /// <inheritdoc cref="EndedSequences.SetFinalAcknowledgement"/>
    public void SetFinalAcknowledgement(string identifier, SequenceAcknowledgement? acknowledgement) =>
        _ended.SetFinalAcknowledgement(identifier, acknowledgement);

    /// <summary>The application accepts every session whose accept time has come. Called under the table lock.</summary>
    private void AcceptDueSequences(TimeSpan now)
    {
        while (_awaitingAccept.TryPeek(out var next) && (next.Accepted || next.AcceptAt <= now))
        {
            _awaitingAccept.Dequeue();
            if (!next.Accepted)
            {
                next.Accepted = true;
                _pendingCount--;
            }
        }
    }
}

/// <summary>
/// What <see cref="SequenceTable.Admit"/> decided: the sequence (<paramref name="Created"/> now, or earlier by the
/// request a retransmission repeats), or why there is none.
/// </summary>
internal readonly record struct Admission(InboundSequence? Sequence, bool Created, string? Refusal);
