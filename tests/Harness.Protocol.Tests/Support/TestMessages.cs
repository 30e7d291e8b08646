using System.Xml.Linq;
using Harness.Protocol.Acknowledgements;
using Harness.Protocol.Addressing;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;

namespace Harness.Protocol.Tests.Support;

/// <summary>One example of every message type of a WS-RM version, for round-trip tests.</summary>
internal static class TestMessages
{
    public const string Endpoint = "http://127.0.0.1:5000/journal";
    public const string SequenceId = "urn:uuid:5d552a66-b037-4421-a4e7-5029e8d87da0";
    public const string OfferId = "urn:uuid:de75be2b-dfc3-4ec6-8195-b6337a9c4765";
    public const string JournalNamespace = "http://harness.example/reliable";

    public static IEnumerable<(string Name, SoapMessage Message)> All(ReliableMessagingVersion rm, MessageVersion version)
    {
        var anonymous = new EndpointReference(version.Addressing.AnonymousUri);
        SoapMessage Message(string action, MessageBody? body = null) => new()
        {
            Version = version,
            ReliableMessaging = rm,
            Addressing = new AddressingHeaders { Action = action, To = Endpoint },
            Body = body ?? ApplicationBody.Empty,
        };

        var offer = rm.Is11
            ? new SequenceOffer(OfferId) { Endpoint = anonymous, IncompleteSequenceBehavior = IncompleteSequenceBehavior.DiscardFollowingFirstGap }
            : new SequenceOffer(OfferId);

        yield return ("CreateSequence with Offer", Message(rm.CreateSequenceAction, new CreateSequence(anonymous) { Offer = offer }) with
        {
            Addressing = new AddressingHeaders { Action = rm.CreateSequenceAction, MessageId = "urn:uuid:94279833-83f5-4224-93a0-e8ab3b9c633f", To = Endpoint },
        });
        yield return ("CreateSequence without Offer, with Expires", Message(rm.CreateSequenceAction, new CreateSequence(anonymous) { Expires = TimeSpan.FromMinutes(10) }));
        yield return ("CreateSequenceResponse with Accept", Message(
            rm.CreateSequenceResponseAction,
            new CreateSequenceResponse(SequenceId)
            {
                Accept = new SequenceAccept(new EndpointReference(Endpoint)),
                IncompleteSequenceBehavior = rm.Is11 ? IncompleteSequenceBehavior.DiscardFollowingFirstGap : null,
            }) with { Addressing = new AddressingHeaders { Action = rm.CreateSequenceResponseAction, RelatesTo = "urn:uuid:1" } });
        yield return ("CreateSequenceResponse without Accept", Message(rm.CreateSequenceResponseAction, new CreateSequenceResponse(SequenceId)));

        var append = ApplicationBody.Of(new XElement(
            XName.Get("Append", JournalNamespace),
            new XElement(XName.Get("sequence", JournalNamespace), "1"),
            new XElement(XName.Get("payload", JournalNamespace), "m1 with  spaces & <markup>")));
        yield return ("application request with Sequence and piggy-backed ack", Message("http://harness.example/reliable/IJournal/Append", append) with
        {
            Addressing = new AddressingHeaders
            {
                Action = "http://harness.example/reliable/IJournal/Append",
                MessageId = "urn:uuid:4de54c86-0314-49ba-a874-6d9418c55ee6",
                ReplyTo = anonymous,
                To = Endpoint,
            },
            Sequence = new SequenceHeader(SequenceId, 7),
            Acknowledgements = [new SequenceAcknowledgement(OfferId, [new SequenceRange(1, 6)])],
        });
        yield return ("ack-only message with ranges and BufferRemaining", Message(rm.SequenceAcknowledgementAction) with
        {
            Acknowledgements = [new SequenceAcknowledgement(SequenceId, [new SequenceRange(1, 2), new SequenceRange(4, 9), new SequenceRange(11, 11)]) { BufferRemaining = 8 }],
        });
        yield return ("ack with Nacks", Message(rm.SequenceAcknowledgementAction) with
        {
            Acknowledgements = [new SequenceAcknowledgement(SequenceId, []) { Nacks = [3, 10] }],
        });
        yield return ("AckRequested", Message(rm.AckRequestedAction) with
        {
            AckRequests = [new AckRequested(SequenceId, rm.IsFebruary2005 ? 12 : null)],
        });
        yield return ("TerminateSequence", Message(rm.TerminateSequenceAction, new TerminateSequence(SequenceId, rm.Is11 ? 12 : null)));

        if (rm.IsFebruary2005)
        {
            yield return ("LastMessage", Message(rm.LastMessageAction) with
            {
                Sequence = new SequenceHeader(SequenceId, 13, LastMessage: true),
                Acknowledgements = [new SequenceAcknowledgement(OfferId, [new SequenceRange(1, 5)])],
            });
        }
        else
        {
            yield return ("ack with None", Message(rm.SequenceAcknowledgementAction) with
            {
                Acknowledgements = [new SequenceAcknowledgement(SequenceId, []) { None = true }],
            });
            yield return ("CloseSequence with final ack of the offered sequence", Message(rm.CloseSequenceAction, new CloseSequence(SequenceId, 12)) with
            {
                Acknowledgements = [new SequenceAcknowledgement(OfferId, [new SequenceRange(1, 12)]) { Final = true }],
            });
            yield return ("CloseSequenceResponse", Message(rm.CloseSequenceResponseAction, new CloseSequenceResponse(SequenceId)) with
            {
                Acknowledgements = [new SequenceAcknowledgement(SequenceId, [new SequenceRange(1, 12)]) { Final = true, BufferRemaining = 8 }],
            });
            yield return ("TerminateSequenceResponse", Message(rm.TerminateSequenceResponseAction, new TerminateSequenceResponse(SequenceId)));
        }
    }
}
