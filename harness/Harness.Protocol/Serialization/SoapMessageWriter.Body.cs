using System.Xml;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;

namespace Harness.Protocol.Serialization;

/// <summary>The body: application payloads, the WS-RM bodies of both versions.</summary>
public static partial class SoapMessageWriter
{
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
}