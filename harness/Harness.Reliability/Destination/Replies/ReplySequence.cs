using Harness.Protocol.Acknowledgements;
using Harness.Protocol.Addressing;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;
using Harness.Reliability.Journal;

namespace Harness.Reliability.Destination.Replies;

/// <summary>
/// The offered sequence on which the destination sends replies, and the reply cache: each reply is kept by the number
/// of the request it answers until the source acknowledges it, so a retransmitted request gets the same reply.
/// Guarded by the lock of the sequence it belongs to.
/// </summary>
/// <param name="cacheBound">At most this many replies are kept: a source that never acknowledges replies must not grow the cache without bound.</param>
internal sealed class ReplySequence(string id, ReliableMessagingVersion rm, MessageVersion version, int cacheBound)
{
    private readonly Dictionary<long, SoapMessage> _unacknowledgedByRequest = [];
    private long _nextNumber = 1;

    public string Id { get; } = id;

    /// <summary>Reply numbers the source acknowledged.</summary>
    public SequenceRangeSet Acknowledged { get; } = new();

    public long HighestSent => _nextNumber - 1;

    /// <summary>The reply to Append request <paramref name="requestNumber"/>: the session's delivered count.</summary>
    public void CacheAppendResponse(long requestNumber, string? relatesTo, int countInSession) => Cache(requestNumber, new SoapMessage
    {
        Version = version,
        ReliableMessaging = rm,
        Addressing = new AddressingHeaders { Action = JournalContract.AppendResponseAction, RelatesTo = relatesTo },
        Sequence = new SequenceHeader(Id, _nextNumber++),
        Body = JournalContract.AppendResponseBody(countInSession),
    });

    /// <summary>February 2005: the destination's own LastMessage on the reply sequence, answering the source's.</summary>
    public void CacheLastMessage(long requestNumber) => Cache(requestNumber, new SoapMessage
    {
        Version = version,
        ReliableMessaging = rm,
        Addressing = new AddressingHeaders { Action = rm.LastMessageAction },
        Sequence = new SequenceHeader(Id, _nextNumber++, LastMessage: true),
    });

    public bool TryGetReply(long requestNumber, out SoapMessage reply) =>
        _unacknowledgedByRequest.TryGetValue(requestNumber, out reply!);

    /// <summary>
    /// Takes in the source's acknowledgement of replies and releases the replies it covers. False (nothing taken in)
    /// when it covers a reply never sent; <paramref name="highest"/> is then the highest reply it claims.
    /// </summary>
    public bool TryAcknowledge(SequenceAcknowledgement acknowledgement, out long highest)
    {
        highest = acknowledgement.Ranges.Count == 0 ? 0 : acknowledgement.Ranges.Max(r => r.Upper);
        if (highest > HighestSent || acknowledgement.Nacks.Any(n => n > HighestSent))
        {
            return false;
        }

        Acknowledged.UnionWith(acknowledgement.Ranges);
        foreach (var (request, cached) in _unacknowledgedByRequest.ToArray())
        {
            if (Acknowledged.Contains(cached.Sequence!.MessageNumber))
            {
                _unacknowledgedByRequest.Remove(request);
            }
        }

        return true;
    }

    private void Cache(long requestNumber, SoapMessage reply)
    {
        _unacknowledgedByRequest[requestNumber] = reply;
        while (_unacknowledgedByRequest.Count > cacheBound)
        {
            _unacknowledgedByRequest.Remove(_unacknowledgedByRequest.Keys.Min());
        }
    }
}
