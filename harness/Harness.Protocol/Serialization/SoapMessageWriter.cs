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
public static partial class SoapMessageWriter
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

    private static void WriteMustUnderstand(XmlWriter writer, SoapVersion soap) =>
        writer.WriteAttributeString("mustUnderstand", soap.EnvelopeNamespace, "1");

    private static ReliableMessagingVersion RequireVersion(SoapMessage message) =>
        message.ReliableMessaging ?? throw new InvalidOperationException("A message with WS-RM content must name its ReliableMessaging version.");

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
