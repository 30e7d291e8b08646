using System.Xml;
using System.Xml.Linq;
using Harness.Protocol.Addressing;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;

namespace Harness.Protocol.ReliableMessaging;

/// <summary>
/// Converts between the typed <see cref="SequenceFault"/> and fault messages, following the WS-RM bindings:
/// SOAP 1.2 carries the subcode and detail in the Fault; SOAP 1.1 carries them in a SequenceFault header, except
/// CreateSequenceRefused and WSRMRequired, which become the faultcode itself.
/// </summary>
public static class SequenceFaults
{
    public static SoapMessage ToMessage(SequenceFault fault, MessageVersion version, ReliableMessagingVersion rm, string? relatesTo = null)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (!fault.IsDefinedIn(rm))
        {
            throw new ArgumentException($"{fault.SubcodeName} is not a {rm.Name} fault.", nameof(fault));
        }

        var code = fault.IsSenderFault ? SoapFaultCode.Sender : SoapFaultCode.Receiver;
        var subcode = new XmlQualifiedName(fault.SubcodeName, rm.Namespace);
        SoapFault body;
        SequenceFault? header = null;
        if (version.Soap == SoapVersion.Soap12)
        {
            body = new SoapFault(code, fault.Reason) { Subcode = subcode, Detail = DetailElements(fault, rm) };
        }
        else if (fault.IsHeaderFault)
        {
            body = new SoapFault(code, fault.Reason);
            // The header holds only subcode and detail; reason and blame travel in the body.
            header = fault with { Reason = string.Empty, IsSenderFault = true };
        }
        else
        {
            body = new SoapFault(SoapFaultCode.Sender, fault.Reason) { Subcode = subcode };
        }

        return new SoapMessage
        {
            Version = version,
            ReliableMessaging = rm,
            Addressing = new AddressingHeaders { Action = rm.FaultAction(version.Addressing), RelatesTo = relatesTo },
            SequenceFaultHeader = header,
            Body = body,
        };
    }

    /// <summary>The WS-RM fault a message carries, or null when it carries none.</summary>
    public static SequenceFault? FromMessage(SoapMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Body is not SoapFault fault)
        {
            return null;
        }

        var isSender = fault.Code != SoapFaultCode.Receiver;
        if (message.SequenceFaultHeader is { } header)
        {
            return header with { Reason = fault.Reason, IsSenderFault = isSender };
        }

        if (fault.Subcode is not { } subcode
            || ReliableMessagingVersion.FromNamespace(subcode.Namespace) is not { } rm
            || !SequenceFault.TryParseSubcode(subcode.Name, out var code))
        {
            return null;
        }

        var result = new SequenceFault(code, fault.Reason) { IsSenderFault = isSender };
        foreach (var element in fault.Detail)
        {
            if (element.Name == XName.Get("Identifier", rm.Namespace))
            {
                result = result with { Identifier = element.Value.Trim() };
            }
            else if (element.Name == XName.Get("SequenceAcknowledgement", rm.Namespace))
            {
                var acknowledgement = ReadAcknowledgement(element, rm);
                result = result with { Acknowledgement = acknowledgement, Identifier = acknowledgement?.Identifier ?? result.Identifier };
            }
        }

        return result;
    }

    private static List<XElement> DetailElements(SequenceFault fault, ReliableMessagingVersion rm)
    {
        if (fault.Acknowledgement is { } acknowledgement)
        {
            return [SoapMessageWriter.ToElement(acknowledgement, rm)];
        }

        return fault.Identifier is { } identifier && fault.IsHeaderFault
            ? [new XElement(XName.Get("Identifier", rm.Namespace), identifier)]
            : [];
    }

    private static SequenceAcknowledgement? ReadAcknowledgement(XElement element, ReliableMessagingVersion rm)
    {
        try
        {
            using var reader = WireXmlReader.Create(element, WireLimits.DefaultMaxDepth);
            reader.Read();
            return ReliableMessagingReader.ReadAcknowledgement(reader, rm);
        }
        catch (WireProtocolException)
        {
            // The detail of an InvalidAcknowledgement fault may well be an invalid acknowledgement.
            return null;
        }
    }
}
