using System.Text;
using System.Xml;
using System.Xml.Linq;
using Harness.Protocol.Addressing;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;

namespace Harness.Protocol.Serialization;

/// <summary>
/// Reads a whole SOAP message (1.1 or 1.2; WS-Addressing 1.0 or 2004/08; WS-RM February 2005 or 1.1) into a
/// <see cref="SoapMessage"/>. DTDs are prohibited and size and depth are bounded; any malformed input throws
/// <see cref="WireProtocolException"/> and nothing else.
/// </summary>
public static class SoapMessageReader
{
    public static SoapMessage Read(ReadOnlyMemory<byte> utf8, WireLimits? limits = null)
    {
        limits ??= WireLimits.Default;
        using var reader = WireXmlReader.Create(utf8, limits);
        return ReadEnvelope(reader);
    }

    public static SoapMessage Read(string xml, WireLimits? limits = null) => Read(Encoding.UTF8.GetBytes(xml), limits);

    /// <summary>Like <see cref="Read(ReadOnlyMemory{byte}, WireLimits?)"/>, but reports failure instead of throwing.</summary>
    public static bool TryRead(ReadOnlyMemory<byte> utf8, out SoapMessage? message, out WireProtocolException? error, WireLimits? limits = null)
    {
        try
        {
            message = Read(utf8, limits);
            error = null;
            return true;
        }
        catch (WireProtocolException ex)
        {
            message = null;
            error = ex;
            return false;
        }
    }

    private static SoapMessage ReadEnvelope(WireXmlReader reader)
    {
        reader.Read();
        if (reader.MoveToContent() != XmlNodeType.Element)
        {
            throw reader.Error(WireErrorKind.MalformedXml, "the message has no root element");
        }

        if (reader.LocalName != "Envelope")
        {
            throw reader.Error(WireErrorKind.VersionMismatch, $"the root element is '{reader.LocalName}', not a SOAP Envelope");
        }

        var soap = SoapVersion.FromNamespace(reader.NamespaceUri)
            ?? throw reader.Error(WireErrorKind.VersionMismatch, $"'{reader.NamespaceUri}' is not a SOAP envelope namespace");

        var versions = new VersionTracker();
        var headers = new HeaderState();
        MessageBody? body = null;

        if (!reader.EnterElement())
        {
            throw reader.Error(WireErrorKind.InvalidEnvelope, "the Envelope has no Body");
        }

        if (reader.MoveToContent() == XmlNodeType.Element && reader.IsStartElement("Header", soap.EnvelopeNamespace))
        {
            ReadHeaders(reader, soap, versions, headers);
        }

        if (reader.MoveToContent() != XmlNodeType.Element || !reader.IsStartElement("Body", soap.EnvelopeNamespace))
        {
            throw reader.Error(WireErrorKind.InvalidEnvelope, "the Envelope must hold an optional Header followed by a Body");
        }

        body = ReadBody(reader, soap, versions);

        // SOAP 1.1 tolerates elements after the Body; SOAP 1.2 does not.
        while (reader.MoveToContent() == XmlNodeType.Element)
        {
            if (soap == SoapVersion.Soap12)
            {
                throw reader.Error(WireErrorKind.InvalidEnvelope, $"'{reader.LocalName}' after the Body is not allowed in SOAP 1.2");
            }

            reader.Skip();
        }

        reader.LeaveElement();
        while (reader.Read())
        {
            if (reader.NodeType is XmlNodeType.Element or XmlNodeType.Text)
            {
                throw reader.Error(WireErrorKind.MalformedXml, "content after the Envelope");
            }
        }

        var message = new SoapMessage
        {
            Version = new MessageVersion(soap, versions.Addressing ?? AddressingVersion.WSAddressing10),
            ReliableMessaging = versions.ReliableMessaging,
            Addressing = headers.Addressing,
            Sequence = headers.Sequence,
            Acknowledgements = headers.Acknowledgements,
            AckRequests = headers.AckRequests,
            SequenceFaultHeader = headers.SequenceFault,
            OtherHeaders = headers.Others,
            Body = body,
        };

        MessageConsistency.Check(message);
        return message;
    }

    private static void ReadHeaders(WireXmlReader reader, SoapVersion soap, VersionTracker versions, HeaderState headers)
    {
        if (!reader.EnterElement())
        {
            return;
        }

        while (reader.MoveToContent() == XmlNodeType.Element)
        {
            var ns = reader.NamespaceUri;
            var name = reader.LocalName;
            if (AddressingVersion.FromNamespace(ns) is { } addressing && IsAddressingHeader(name))
            {
                versions.SeeAddressing(addressing, reader);
                ReadAddressingHeader(reader, name, versions, headers);
            }
            else if (ReliableMessagingVersion.FromNamespace(ns) is { } rm && IsReliableMessagingHeader(name))
            {
                versions.SeeReliableMessaging(rm, reader);
                ReadReliableMessagingHeader(reader, name, rm, headers);
            }
            else
            {
                var mustUnderstand = IsMustUnderstand(reader, soap);
                headers.Others.Add(new UnknownHeader(reader.LoadElement(), mustUnderstand));
            }
        }

        reader.LeaveElement();
    }

    private static bool IsAddressingHeader(string name) =>
        name is "Action" or "MessageID" or "To" or "ReplyTo" or "FaultTo" or "From" or "RelatesTo";

    private static bool IsReliableMessagingHeader(string name) =>
        name is "Sequence" or "SequenceAcknowledgement" or "AckRequested" or "SequenceFault";

    private static void ReadAddressingHeader(WireXmlReader reader, string name, VersionTracker versions, HeaderState headers)
    {
        var addressing = headers.Addressing;
        if (headers.SeenAddressing.Contains(name))
        {
            throw reader.Error(WireErrorKind.InvalidEnvelope, $"the {name} header appears twice");
        }

        headers.SeenAddressing.Add(name);
        headers.Addressing = name switch
        {
            "Action" => addressing with { Action = ReadUri(reader, name) },
            "MessageID" => addressing with { MessageId = ReadUri(reader, name) },
            "To" => addressing with { To = ReadUri(reader, name) },
            "RelatesTo" => addressing with { RelatesTo = ReadUri(reader, name) },
            "ReplyTo" => addressing with { ReplyTo = AddressingReader.ReadEndpointReference(reader, versions) },
            "FaultTo" => addressing with { FaultTo = AddressingReader.ReadEndpointReference(reader, versions) },
            _ => addressing with { From = AddressingReader.ReadEndpointReference(reader, versions) },
        };
    }

    private static string ReadUri(WireXmlReader reader, string name)
    {
        var value = reader.ReadElementText().Trim();
        return value.Length > 0 ? value : throw reader.Error(WireErrorKind.InvalidContent, $"the {name} header is empty");
    }

    private static void ReadReliableMessagingHeader(WireXmlReader reader, string name, ReliableMessagingVersion rm, HeaderState headers)
    {
        switch (name)
        {
            case "Sequence":
                if (headers.Sequence is not null)
                {
                    throw reader.Error(WireErrorKind.InvalidEnvelope, "the Sequence header appears twice");
                }

                headers.Sequence = ReliableMessagingReader.ReadSequence(reader, rm);
                break;
            case "SequenceAcknowledgement":
                headers.Acknowledgements.Add(ReliableMessagingReader.ReadAcknowledgement(reader, rm));
                break;
            case "AckRequested":
                headers.AckRequests.Add(ReliableMessagingReader.ReadAckRequested(reader, rm));
                break;
            default:
                headers.SequenceFault = ReliableMessagingReader.ReadSequenceFaultHeader(reader, rm);
                break;
        }
    }

    private static bool IsMustUnderstand(WireXmlReader reader, SoapVersion soap)
    {
        var value = reader.GetAttribute("mustUnderstand", soap.EnvelopeNamespace);
        if (value is null || !(value.Trim() is "1" or "true"))
        {
            return false;
        }

        // A header addressed to another role is not this node's to understand.
        var role = soap == SoapVersion.Soap12
            ? reader.GetAttribute("role", soap.EnvelopeNamespace)
            : reader.GetAttribute("actor", soap.EnvelopeNamespace);
        return role is null
            or "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver"
            or "http://www.w3.org/2003/05/soap-envelope/role/next"
            or "http://schemas.xmlsoap.org/soap/actor/next";
    }

    private static MessageBody ReadBody(WireXmlReader reader, SoapVersion soap, VersionTracker versions)
    {
        if (!reader.EnterElement())
        {
            return ApplicationBody.Empty;
        }

        if (reader.MoveToContent() == XmlNodeType.EndElement)
        {
            reader.Read();
            return ApplicationBody.Empty;
        }

        MessageBody body;
        if (reader.IsStartElement("Fault", soap.EnvelopeNamespace))
        {
            var fault = SoapFaultReader.Read(reader, soap);

            // A WS-RM fault may have no other WS-RM element than its subcode: that still fixes the message's version.
            if (ReliableMessagingVersion.FromNamespace(fault.Subcode?.Namespace) is { } faultVersion)
            {
                versions.SeeReliableMessaging(faultVersion, reader);
            }

            body = fault;
        }
        else if (ReliableMessagingVersion.FromNamespace(reader.NamespaceUri) is { } rm)
        {
            versions.SeeReliableMessaging(rm, reader);
            body = ReliableMessagingReader.ReadBody(reader, rm, versions);
        }
        else
        {
            var elements = new List<XElement> { reader.LoadElement() };
            while (reader.MoveToContent() == XmlNodeType.Element)
            {
                elements.Add(reader.LoadElement());
            }

            reader.LeaveElement();
            return new ApplicationBody(elements);
        }

        if (reader.MoveToContent() == XmlNodeType.Element)
        {
            throw reader.Error(WireErrorKind.InvalidEnvelope, $"'{reader.LocalName}' follows the body's protocol element");
        }

        reader.LeaveElement();
        return body;
    }

    /// <summary>Headers gathered while reading, turned into the immutable message at the end.</summary>
    private sealed class HeaderState
    {
        public AddressingHeaders Addressing { get; set; } = new();

        public HashSet<string> SeenAddressing { get; } = [];

        public SequenceHeader? Sequence { get; set; }

        public List<SequenceAcknowledgement> Acknowledgements { get; } = [];

        public List<AckRequested> AckRequests { get; } = [];

        public SequenceFault? SequenceFault { get; set; }

        public List<UnknownHeader> Others { get; } = [];
    }
}
