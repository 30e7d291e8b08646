using System.Xml;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;

namespace Harness.Protocol.Serialization;

/// <summary>The WS-RM headers: Sequence, SequenceAcknowledgement, AckRequested.</summary>
public static partial class SoapMessageWriter
{
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
}