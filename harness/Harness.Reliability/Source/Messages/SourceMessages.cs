using Harness.Protocol.Acknowledgements;
using Harness.Protocol.Addressing;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Reliability.Journal;
using Harness.Reliability.Source.Window;

namespace Harness.Reliability.Source.Messages;

/// <summary>
/// The messages the source writes, as WCF writes them, each carrying the acknowledgement of the replies received so
/// far (the replies are taken in here too).
/// </summary>
internal sealed class SourceMessages(SourceContext context)
{
    private readonly Lock _gate = new();
    private readonly SequenceRangeSet _repliesReceived = new();

    /// <summary>A message on the offered sequence arrived (a reply, or February 2005's LastMessage).</summary>
    public void ReplyReceived(long replyNumber)
    {
        lock (_gate)
        {
            _repliesReceived.Add(replyNumber);
        }
    }

    /// <summary>The message as one attempt sends it, numbered <paramref name="number"/> (the message's own number, but for a deliberate defect).</summary>
    public SoapMessage Application(OutgoingMessage message, long number)
    {
        var rm = context.ReliableMessaging;
        var version = context.Version;
        var isLast = message.Call is null;
        return new SoapMessage
        {
            Version = version,
            ReliableMessaging = rm,
            Addressing = new AddressingHeaders
            {
                Action = isLast ? rm.LastMessageAction : JournalContract.ActionOf(message.Call!.Operation),
                MessageId = message.MessageId,
                ReplyTo = message.ExpectsReply ? new EndpointReference(version.Addressing.AnonymousUri) : null,
                To = context.Transport.Endpoint.ToString(),
            },
            Sequence = new SequenceHeader(context.SequenceId, number, LastMessage: isLast),
            Acknowledgements = ReplyAcknowledgement(final: false),
            Body = isLast ? ApplicationBody.Empty : JournalContract.RequestBody(message.Call!),
        };
    }

    /// <summary>A protocol message (CloseSequence, TerminateSequence) with its body.</summary>
    /// <param name="finalReplyAck">1.1's close and terminate: the acknowledgement of replies is final.</param>
    public SoapMessage Control(string action, MessageBody body, bool finalReplyAck) => new()
    {
        Version = context.Version,
        ReliableMessaging = context.ReliableMessaging,
        Addressing = ProtocolAddressing.For(action, body, context.ReliableMessaging, context.Version, offered: context.OfferedId is not null, context.Transport.Endpoint.ToString()),
        Acknowledgements = ReplyAcknowledgement(finalReplyAck),
        Body = body,
    };

    public SoapMessage AckRequested() => new()
    {
        Version = context.Version,
        ReliableMessaging = context.ReliableMessaging,
        Addressing = new AddressingHeaders { Action = context.ReliableMessaging.AckRequestedAction, To = context.Transport.Endpoint.ToString() },
        Acknowledgements = ReplyAcknowledgement(final: false),
        AckRequests = [new AckRequested(context.SequenceId)],
    };

    /// <summary>
    /// The acknowledgement of replies received so far, piggy-backed on the next request (as WCF does). On 1.1's
    /// CloseSequence and TerminateSequence it is final, and sent even when no reply came (with <c>None</c>), as WCF does.
    /// </summary>
    private SequenceAcknowledgement[] ReplyAcknowledgement(bool final)
    {
        if (context.OfferedId is not { } offeredId)
        {
            return [];
        }

        var is11 = context.ReliableMessaging.Is11;
        lock (_gate)
        {
            if (_repliesReceived.IsEmpty)
            {
                return final && is11 ? [new SequenceAcknowledgement(offeredId, []) { None = true, Final = true }] : [];
            }

            return [new SequenceAcknowledgement(offeredId, _repliesReceived.ToArray()) { Final = final && is11 }];
        }
    }
}
