using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Harness.Protocol.Addressing;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;

namespace Harness.Protocol.Serialization;

/// <summary>
/// Writes a <see cref="SoapMessage"/> as UTF-8 XML in the shape WCF uses: prefixes <c>s</c>, <c>a</c> and
/// <c>r</c> declared on the Envelope, <c>mustUnderstand="1"</c> on Sequence, Action and To.
/// </summary>
public static class SoapMessageWriter
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        OmitXmlDeclaration = true,
        Indent = false,
        CloseOutput = false,
        CheckCharacters = true,
    };

    public static byte[] ToBytes(SoapMessage message)
    {
        using var stream = new MemoryStream(1024);
        Write(message, stream);
        return stream.ToArray();
    }

    public static string ToXml(SoapMessage message) => Encoding.UTF8.GetString(ToBytes(message));

    public static void Write(SoapMessage message, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var writer = XmlWriter.Create(stream, Settings);
        WriteEnvelope(writer, message);
    }

    /// <summary>The acknowledgement as a standalone element (the detail of an InvalidAcknowledgement fault).</summary>
    public static XElement ToElement(SequenceAcknowledgement acknowledgement, ReliableMessagingVersion rm)
    {
        var document = new XDocument();
        using (var writer = document.CreateWriter())
        {
            WriteAcknowledgement(writer, acknowledgement, rm);
        }

        return document.Root!;
    }

    private static void WriteEnvelope(XmlWriter writer, SoapMessage message)
    {
        var soap = message.Version.Soap;
        var wsa = message.Version.Addressing;
        var rm = message.ReliableMessaging;

        writer.WriteStartElement("s", "Envelope", soap.EnvelopeNamespace);
        if (rm is not null)
        {
            writer.WriteAttributeString("xmlns", "r", null, rm.Namespace);
        }

        writer.WriteAttributeString("xmlns", "a", null, wsa.Namespace);

        if (HasHeaders(message))
        {
            writer.WriteStartElement("Header", soap.EnvelopeNamespace);
            WriteReliableMessagingHeaders(writer, message, soap);
            WriteAddressingHeaders(writer, message.Addressing, soap, wsa);
            foreach (var header in message.OtherHeaders)
            {
                header.Element.WriteTo(writer);
            }

            writer.WriteEndElement();
        }

        writer.WriteStartElement("Body", soap.EnvelopeNamespace);
        WriteBody(writer, message, soap, wsa, rm);
        writer.WriteEndElement();

        writer.WriteEndElement();
    }

    private static bool HasHeaders(SoapMessage message)
    {
        var a = message.Addressing;
        return message.Sequence is not null || message.Acknowledgements.Count > 0 || message.AckRequests.Count > 0
            || message.SequenceFaultHeader is not null || message.OtherHeaders.Count > 0
            || a.Action is not null || a.MessageId is not null || a.To is not null || a.RelatesTo is not null
            || a.ReplyTo is not null || a.FaultTo is not null || a.From is not null;
    }

    private static void WriteReliableMessagingHeaders(XmlWriter writer, SoapMessage message, SoapVersion soap)
    {
        if (message.Sequence is null && message.Acknowledgements.Count == 0 && message.AckRequests.Count == 0 && message.SequenceFaultHeader is null)
        {
            return;
        }

        var rm = RequireVersion(message);
        if (message.Sequence is { } sequence)
        {
            writer.WriteStartElement("Sequence", rm.Namespace);
            WriteMustUnderstand(writer, soap);
            writer.WriteElementString("Identifier", rm.Namespace, sequence.Identifier);
            writer.WriteElementString("MessageNumber", rm.Namespace, Format(sequence.MessageNumber));
            if (sequence.LastMessage)
            {
                writer.WriteStartElement("LastMessage", rm.Namespace);
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        foreach (var acknowledgement in message.Acknowledgements)
        {
            WriteAcknowledgement(writer, acknowledgement, rm);
        }

        foreach (var request in message.AckRequests)
        {
            writer.WriteStartElement("AckRequested", rm.Namespace);
            writer.WriteElementString("Identifier", rm.Namespace, request.Identifier);
            if (request.MessageNumber is { } number)
            {
                writer.WriteElementString("MessageNumber", rm.Namespace, Format(number));
            }

            writer.WriteEndElement();
        }

        if (message.SequenceFaultHeader is { } fault)
        {
            writer.WriteStartElement("SequenceFault", rm.Namespace);
            writer.WriteStartElement("FaultCode", rm.Namespace);
            writer.WriteQualifiedName(fault.SubcodeName, rm.Namespace);
            writer.WriteEndElement();
            if (rm.Is11)
            {
                writer.WriteStartElement("Detail", rm.Namespace);
            }

            WriteFaultDetailContent(writer, fault, rm);
            if (rm.Is11)
            {
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }
    }

    private static void WriteAcknowledgement(XmlWriter writer, SequenceAcknowledgement acknowledgement, ReliableMessagingVersion rm)
    {
        writer.WriteStartElement("r", "SequenceAcknowledgement", rm.Namespace);
        writer.WriteElementString("Identifier", rm.Namespace, acknowledgement.Identifier);
        foreach (var range in acknowledgement.Ranges)
        {
            writer.WriteStartElement("AcknowledgementRange", rm.Namespace);
            writer.WriteAttributeString("Lower", Format(range.Lower));
            writer.WriteAttributeString("Upper", Format(range.Upper));
            writer.WriteEndElement();
        }

        if (acknowledgement.None)
        {
            writer.WriteStartElement("None", rm.Namespace);
            writer.WriteEndElement();
        }

        if (acknowledgement.Final)
        {
            writer.WriteStartElement("Final", rm.Namespace);
            writer.WriteEndElement();
        }

        foreach (var nack in acknowledgement.Nacks)
        {
            writer.WriteElementString("Nack", rm.Namespace, Format(nack));
        }

        if (acknowledgement.BufferRemaining is { } remaining)
        {
            writer.WriteStartElement("netrm", "BufferRemaining", ReliableMessagingVersion.WcfExtensionNamespace);
            writer.WriteString(Format(remaining));
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static void WriteAddressingHeaders(XmlWriter writer, AddressingHeaders headers, SoapVersion soap, AddressingVersion wsa)
    {
        if (headers.Action is { } action)
        {
            writer.WriteStartElement("Action", wsa.Namespace);
            WriteMustUnderstand(writer, soap);
            writer.WriteString(action);
            writer.WriteEndElement();
        }

        if (headers.MessageId is { } messageId)
        {
            writer.WriteElementString("MessageID", wsa.Namespace, messageId);
        }

        if (headers.RelatesTo is { } relatesTo)
        {
            writer.WriteElementString("RelatesTo", wsa.Namespace, relatesTo);
        }

        WriteEndpointReference(writer, "ReplyTo", wsa.Namespace, headers.ReplyTo, wsa);
        WriteEndpointReference(writer, "FaultTo", wsa.Namespace, headers.FaultTo, wsa);
        WriteEndpointReference(writer, "From", wsa.Namespace, headers.From, wsa);

        if (headers.To is { } to)
        {
            writer.WriteStartElement("To", wsa.Namespace);
            WriteMustUnderstand(writer, soap);
            writer.WriteString(to);
            writer.WriteEndElement();
        }
    }

    private static void WriteEndpointReference(XmlWriter writer, string name, string ns, EndpointReference? reference, AddressingVersion wsa)
    {
        if (reference is null)
        {
            return;
        }

        writer.WriteStartElement(name, ns);
        writer.WriteElementString("Address", wsa.Namespace, reference.Address);
        writer.WriteEndElement();
    }

    private static void WriteBody(XmlWriter writer, SoapMessage message, SoapVersion soap, AddressingVersion wsa, ReliableMessagingVersion? rm)
    {
        switch (message.Body)
        {
            case ApplicationBody application:
                foreach (var element in application.Elements)
                {
                    element.WriteTo(writer);
                }

                break;
            case SoapFault fault:
                WriteFault(writer, fault, soap);
                break;
            case CreateSequence create:
                rm = RequireVersion(message);
                writer.WriteStartElement("CreateSequence", rm.Namespace);
                WriteEndpointReference(writer, "AcksTo", rm.Namespace, create.AcksTo, wsa);
                WriteDuration(writer, "Expires", rm, create.Expires);
                if (create.Offer is { } offer)
                {
                    writer.WriteStartElement("Offer", rm.Namespace);
                    writer.WriteElementString("Identifier", rm.Namespace, offer.Identifier);
                    WriteEndpointReference(writer, "Endpoint", rm.Namespace, offer.Endpoint, wsa);
                    WriteDuration(writer, "Expires", rm, offer.Expires);
                    WriteIncompleteSequenceBehavior(writer, rm, offer.IncompleteSequenceBehavior);
                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
                break;
            case CreateSequenceResponse response:
                rm = RequireVersion(message);
                writer.WriteStartElement("CreateSequenceResponse", rm.Namespace);
                writer.WriteElementString("Identifier", rm.Namespace, response.Identifier);
                WriteDuration(writer, "Expires", rm, response.Expires);
                WriteIncompleteSequenceBehavior(writer, rm, response.IncompleteSequenceBehavior);
                if (response.Accept is { } accept)
                {
                    writer.WriteStartElement("Accept", rm.Namespace);
                    WriteEndpointReference(writer, "AcksTo", rm.Namespace, accept.AcksTo, wsa);
                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
                break;
            case CloseSequence close:
                WriteIdentifierBody(writer, "CloseSequence", RequireVersion(message), close.Identifier, close.LastMessageNumber);
                break;
            case CloseSequenceResponse closeResponse:
                WriteIdentifierBody(writer, "CloseSequenceResponse", RequireVersion(message), closeResponse.Identifier, null);
                break;
            case TerminateSequence terminate:
                WriteIdentifierBody(writer, "TerminateSequence", RequireVersion(message), terminate.Identifier, terminate.LastMessageNumber);
                break;
            case TerminateSequenceResponse terminateResponse:
                WriteIdentifierBody(writer, "TerminateSequenceResponse", RequireVersion(message), terminateResponse.Identifier, null);
                break;
            default:
                throw new InvalidOperationException($"No writer for body {message.Body.GetType().Name}.");
        }
    }

    private static void WriteIdentifierBody(XmlWriter writer, string name, ReliableMessagingVersion rm, string identifier, long? lastMessageNumber)
    {
        writer.WriteStartElement(name, rm.Namespace);
        writer.WriteElementString("Identifier", rm.Namespace, identifier);
        if (lastMessageNumber is { } last)
        {
            writer.WriteElementString("LastMsgNumber", rm.Namespace, Format(last));
        }

        writer.WriteEndElement();
    }

    private static void WriteFault(XmlWriter writer, SoapFault fault, SoapVersion soap)
    {
        writer.WriteStartElement("Fault", soap.EnvelopeNamespace);
        if (soap == SoapVersion.Soap12)
        {
            writer.WriteStartElement("Code", soap.EnvelopeNamespace);
            writer.WriteStartElement("Value", soap.EnvelopeNamespace);
            writer.WriteQualifiedName(CodeName(fault.Code, soap), soap.EnvelopeNamespace);
            writer.WriteEndElement();
            if (fault.Subcode is { } subcode)
            {
                writer.WriteStartElement("Subcode", soap.EnvelopeNamespace);
                writer.WriteStartElement("Value", soap.EnvelopeNamespace);
                WriteQualifiedNameValue(writer, subcode);
                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteStartElement("Reason", soap.EnvelopeNamespace);
            writer.WriteStartElement("Text", soap.EnvelopeNamespace);
            writer.WriteAttributeString("xml", "lang", null, "en");
            writer.WriteString(fault.Reason);
            writer.WriteEndElement();
            writer.WriteEndElement();
            if (fault.Detail.Count > 0)
            {
                writer.WriteStartElement("Detail", soap.EnvelopeNamespace);
                foreach (var element in fault.Detail)
                {
                    element.WriteTo(writer);
                }

                writer.WriteEndElement();
            }
        }
        else
        {
            writer.WriteStartElement("faultcode", string.Empty);
            if (fault.Code == SoapFaultCode.Sender && fault.Subcode is { } subcode)
            {
                // SOAP 1.1 has no subcodes: a specific sender fault code replaces Client (as WCF does).
                WriteQualifiedNameValue(writer, subcode);
            }
            else
            {
                writer.WriteQualifiedName(CodeName(fault.Code, soap), soap.EnvelopeNamespace);
            }

            writer.WriteEndElement();
            writer.WriteElementString("faultstring", string.Empty, fault.Reason);
            if (fault.Detail.Count > 0)
            {
                writer.WriteStartElement("detail", string.Empty);
                foreach (var element in fault.Detail)
                {
                    element.WriteTo(writer);
                }

                writer.WriteEndElement();
            }
        }

        writer.WriteEndElement();
    }

    internal static void WriteFaultDetailContent(XmlWriter writer, SequenceFault fault, ReliableMessagingVersion rm)
    {
        if (fault.Acknowledgement is { } acknowledgement)
        {
            WriteAcknowledgement(writer, acknowledgement, rm);
        }
        else if (fault.Identifier is { } identifier)
        {
            writer.WriteElementString("Identifier", rm.Namespace, identifier);
        }
    }

    private static void WriteQualifiedNameValue(XmlWriter writer, XmlQualifiedName name)
    {
        if (name.Namespace.Length > 0 && writer.LookupPrefix(name.Namespace) is null)
        {
            writer.WriteAttributeString("xmlns", "q", null, name.Namespace);
        }

        writer.WriteQualifiedName(name.Name, name.Namespace);
    }

    private static string CodeName(SoapFaultCode code, SoapVersion soap) => code switch
    {
        SoapFaultCode.Sender => soap.SenderCodeName,
        SoapFaultCode.Receiver => soap.ReceiverCodeName,
        _ => code.ToString(),
    };

    private static void WriteMustUnderstand(XmlWriter writer, SoapVersion soap) =>
        writer.WriteAttributeString("mustUnderstand", soap.EnvelopeNamespace, "1");

    private static void WriteDuration(XmlWriter writer, string name, ReliableMessagingVersion rm, TimeSpan? value)
    {
        if (value is { } duration)
        {
            writer.WriteElementString(name, rm.Namespace, XmlConvert.ToString(duration));
        }
    }

    private static void WriteIncompleteSequenceBehavior(XmlWriter writer, ReliableMessagingVersion rm, IncompleteSequenceBehavior? behavior)
    {
        if (behavior is { } value)
        {
            writer.WriteElementString("IncompleteSequenceBehavior", rm.Namespace, value.ToString());
        }
    }

    private static ReliableMessagingVersion RequireVersion(SoapMessage message) =>
        message.ReliableMessaging ?? throw new InvalidOperationException("A message with WS-RM content must name its ReliableMessaging version.");

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
