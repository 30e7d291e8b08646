using System.Xml;
using Harness.Protocol.Addressing;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;
using Harness.Reliability.Destination.Sequences;
using Harness.Reliability.Events;

namespace Harness.Reliability.Destination.Faults;

/// <summary>The destination's faults: WS-RM sequence faults and plain SOAP faults, each recorded as sent.</summary>
internal sealed class DestinationFaults(DestinationContext context, SequenceTable sequences)
{
    public DestinationResponse SequenceFault(SoapMessage message, ReliableMessagingVersion rm, SequenceFault fault)
    {
        context.Record(ReliabilityEventKind.FaultSent, fault.Identifier, message.Sequence?.MessageNumber ?? 0, $"{fault.SubcodeName}: {fault.Reason}");
        return DestinationResponse.Fault(SequenceFaults.ToMessage(fault, message.Version, rm, message.Addressing.MessageId));
    }

    public SoapMessage PlainFault(SoapMessage? request, SoapFaultCode code, string reason, MessageVersion? version = null, XmlQualifiedName? subcode = null)
    {
        var messageVersion = request?.Version ?? version ?? MessageVersion.Default;
        context.Record(ReliabilityEventKind.FaultSent, request?.Sequence?.Identifier, request?.Sequence?.MessageNumber ?? 0, $"{code}: {reason}");
        return new SoapMessage
        {
            Version = messageVersion,
            Addressing = new AddressingHeaders { Action = messageVersion.Addressing.DefaultFaultAction, RelatesTo = request?.Addressing.MessageId },
            Body = new SoapFault(code, reason) { Subcode = subcode },
        };
    }

    /// <summary>A plain Sender fault with HTTP 500: the request is well-formed but not acceptable.</summary>
    public DestinationResponse Sender(SoapMessage request, string reason) =>
        DestinationResponse.Fault(PlainFault(request, SoapFaultCode.Sender, reason));

    /// <summary>SequenceTerminated for a sequence that has ended (and is still remembered), else UnknownSequence.</summary>
    public DestinationResponse UnknownSequence(SoapMessage message, ReliableMessagingVersion rm, string identifier) =>
        sequences.IsEnded(identifier)
            ? SequenceFault(message, rm, new SequenceFault(SequenceFaultCode.SequenceTerminated, "The sequence has ended.") { Identifier = identifier })
            : SequenceFault(message, rm, new SequenceFault(SequenceFaultCode.UnknownSequence, "The value of Identifier is not a known sequence identifier.") { Identifier = identifier });

    /// <summary>A request that could not be read: a 413, a WS-RM fault where one fits, otherwise a 400 with a SOAP fault.</summary>
    public DestinationResponse Unreadable(WireProtocolException error, ReadOnlyMemory<byte> body)
    {
        if (error.Kind == WireErrorKind.TooLarge)
        {
            return new DestinationResponse(413, null);
        }

        var (version, rm) = UnreadableBody.GuessVersions(body);
        SequenceFaultCode? code = error.Kind switch
        {
            WireErrorKind.MessageNumberRollover => SequenceFaultCode.MessageNumberRollover,
            WireErrorKind.InvalidAcknowledgement => SequenceFaultCode.InvalidAcknowledgement,
            _ => null,
        };
        if (code is { } faultCode && error.SequenceIdentifier is { } identifier)
        {
            context.Record(ReliabilityEventKind.FaultSent, identifier, 0, $"{faultCode}: {error.Detail}");
            return DestinationResponse.Fault(SequenceFaults.ToMessage(
                new SequenceFault(faultCode, error.Detail) { Identifier = identifier }, version, rm));
        }

        var soapCode = error.Kind == WireErrorKind.VersionMismatch ? SoapFaultCode.VersionMismatch : SoapFaultCode.Sender;
        return DestinationResponse.BadRequest(PlainFault(null, soapCode, "The message could not be read: " + error.Message, version));
    }

    /// <summary>The answer to a message of a version this destination was restricted not to speak; null when it speaks it.</summary>
    public DestinationResponse? NotSpoken(SoapMessage message)
    {
        var options = context.Options;
        if (options.OnlyMessageVersion is { } onlyMessage && message.Version != onlyMessage)
        {
            return message.Version.Soap != onlyMessage.Soap
                ? new DestinationResponse(415, null)
                : DestinationResponse.BadRequest(PlainFault(message, SoapFaultCode.Sender, $"This endpoint processes only {onlyMessage.Addressing.Name} messages."));
        }

        if (options.OnlyReliableMessagingVersion is { } onlyRm && message.ReliableMessaging is { } rm && rm != onlyRm)
        {
            // CoreWCF's own wording, so that what a user reads matches what the real service says.
            var spoken = onlyRm.IsFebruary2005 ? "WS-ReliableMessaging February 2005" : "WS-ReliableMessaging 1.1";
            return DestinationResponse.Fault(PlainFault(
                message,
                SoapFaultCode.Sender,
                $"The action {message.Addressing.Action} is not supported by this endpoint. Only {spoken} messages are processed by this endpoint.",
                subcode: new XmlQualifiedName("ActionNotSupported", message.Version.Addressing.Namespace)));
        }

        return null;
    }

    /// <summary>An application message sent outside any sequence to an endpoint that requires one.</summary>
    public DestinationResponse ReliableSessionRequired(SoapMessage message)
    {
        var rm = context.Settings.ReliableMessagingVersion;
        return rm.Is11
            ? SequenceFault(message, rm, new SequenceFault(SequenceFaultCode.WsrmRequired, "This endpoint requires a reliable session (WS-ReliableMessaging)."))
            : Sender(message, "This endpoint requires a reliable session (WS-ReliableMessaging).");
    }
}
