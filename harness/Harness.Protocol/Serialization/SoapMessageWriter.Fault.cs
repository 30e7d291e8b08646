using System.Xml;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;

namespace Harness.Protocol.Serialization;

/// <summary>SOAP 1.1 and 1.2 faults, with the WS-RM fault detail.</summary>
public static partial class SoapMessageWriter
{
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
}