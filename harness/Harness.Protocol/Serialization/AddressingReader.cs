using System.Xml;
using Harness.Protocol.Addressing;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;

namespace Harness.Protocol.Serialization;

/// <summary>Reads WS-Addressing endpoint references.</summary>
internal static class AddressingReader
{
    /// <summary>Reads an element whose content is an endpoint reference (AcksTo, ReplyTo, Endpoint...).</summary>
    public static EndpointReference ReadEndpointReference(WireXmlReader reader, VersionTracker versions)
    {
        var parent = reader.LocalName;
        string? address = null;
        if (reader.EnterElement())
        {
            while (reader.MoveToContent() == XmlNodeType.Element)
            {
                var addressing = AddressingVersion.FromNamespace(reader.NamespaceUri);
                if (addressing is not null && reader.LocalName == "Address")
                {
                    versions.SeeAddressing(addressing, reader);
                    address = reader.ReadElementText().Trim();
                }
                else
                {
                    // ReferenceParameters, Metadata and extensions: not used by the harness.
                    reader.Skip();
                }
            }

            reader.LeaveElement();
        }

        return string.IsNullOrEmpty(address)
            ? throw reader.Error(WireErrorKind.InvalidContent, $"'{parent}' lacks a WS-Addressing Address")
            : new EndpointReference(address);
    }
}
