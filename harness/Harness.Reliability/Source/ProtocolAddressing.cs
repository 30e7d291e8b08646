using Harness.Protocol.Addressing;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;

namespace Harness.Reliability.Source;

/// <summary>The addressing headers of a source's WS-RM protocol messages, as WCF writes them.</summary>
internal static class ProtocolAddressing
{
    /// <summary>
    /// A protocol message's headers: a request with a MessageID, except February 2005's TerminateSequence of a
    /// session without an offered sequence, which has no response and which WCF sends one-way (with an offer, the
    /// service's own TerminateSequence may come back on the reply).
    /// </summary>
    public static AddressingHeaders For(string action, MessageBody body, ReliableMessagingVersion rm, MessageVersion version, bool offered, string to) =>
        body is TerminateSequence && rm.IsFebruary2005 && !offered
            ? new AddressingHeaders { Action = action, To = to }
            : new AddressingHeaders { Action = action, MessageId = "urn:uuid:" + Guid.NewGuid(), ReplyTo = ReplyToOfRequest(version), To = to };

    /// <summary>
    /// The ReplyTo of a protocol request (one with a MessageID). WS-Addressing 2004/08 has no default reply address, so
    /// WCF names the anonymous one; WS-Addressing 1.0 defaults to it, and WCF leaves the header out.
    /// </summary>
    public static EndpointReference? ReplyToOfRequest(MessageVersion version) =>
        version.Addressing == AddressingVersion.WSAddressingAugust2004 ? new EndpointReference(version.Addressing.AnonymousUri) : null;
}
