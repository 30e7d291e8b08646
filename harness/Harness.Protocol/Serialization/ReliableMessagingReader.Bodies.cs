using Harness.Protocol.Addressing;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;

namespace Harness.Protocol.Serialization;

/// <summary>The WS-RM bodies: CreateSequence (with its offer), CreateSequenceResponse, CloseSequence and TerminateSequence and their responses.</summary>
internal static partial class ReliableMessagingReader
{
    public static MessageBody ReadBody(WireXmlReader reader, ReliableMessagingVersion version, VersionTracker versions)
    {
        var name = reader.LocalName;
        return name switch
        {
            "CreateSequence" => ReadCreateSequence(reader, version, versions),
            "CreateSequenceResponse" => ReadCreateSequenceResponse(reader, version, versions),
            "TerminateSequence" => ReadIdentifierAndLast(reader, version, name, (id, last) => new TerminateSequence(id, last)),
            "CloseSequence" when version.Is11 => ReadIdentifierAndLast(reader, version, name, (id, last) => new CloseSequence(id, last)),
            "CloseSequenceResponse" when version.Is11 => ReadIdentifierAndLast(reader, version, name, (id, _) => new CloseSequenceResponse(id)),
            "TerminateSequenceResponse" when version.Is11 => ReadIdentifierAndLast(reader, version, name, (id, _) => new TerminateSequenceResponse(id)),
            _ => throw reader.Error(WireErrorKind.InvalidContent, $"'{name}' is not a {version.Name} body element"),
        };
    }

    private static CreateSequence ReadCreateSequence(WireXmlReader reader, ReliableMessagingVersion version, VersionTracker versions)
    {
        EndpointReference? acksTo = null;
        TimeSpan? expires = null;
        SequenceOffer? offer = null;
        ReadChildren(reader, version, "CreateSequence", child =>
        {
            switch (child)
            {
                case "AcksTo":
                    acksTo = AddressingReader.ReadEndpointReference(reader, versions);
                    return true;
                case "Expires":
                    expires = ReadDuration(reader);
                    return true;
                case "Offer":
                    offer = ReadOffer(reader, version, versions);
                    return true;
                default:
                    return false;
            }
        });

        return new CreateSequence(acksTo ?? throw Missing(reader, "CreateSequence", "AcksTo")) { Expires = expires, Offer = offer };
    }

    private static SequenceOffer ReadOffer(WireXmlReader reader, ReliableMessagingVersion version, VersionTracker versions)
    {
        string? identifier = null;
        TimeSpan? expires = null;
        EndpointReference? endpoint = null;
        IncompleteSequenceBehavior? behavior = null;
        ReadChildren(reader, version, "Offer", child =>
        {
            switch (child)
            {
                case "Identifier":
                    identifier = ReadIdentifier(reader);
                    return true;
                case "Expires":
                    expires = ReadDuration(reader);
                    return true;
                case "Endpoint" when version.Is11:
                    endpoint = AddressingReader.ReadEndpointReference(reader, versions);
                    return true;
                case "IncompleteSequenceBehavior" when version.Is11:
                    behavior = ReadIncompleteSequenceBehavior(reader);
                    return true;
                default:
                    return false;
            }
        });

        return new SequenceOffer(identifier ?? throw Missing(reader, "Offer", "Identifier"))
        {
            Expires = expires,
            Endpoint = endpoint,
            IncompleteSequenceBehavior = behavior,
        };
    }

    private static CreateSequenceResponse ReadCreateSequenceResponse(WireXmlReader reader, ReliableMessagingVersion version, VersionTracker versions)
    {
        string? identifier = null;
        TimeSpan? expires = null;
        IncompleteSequenceBehavior? behavior = null;
        SequenceAccept? accept = null;
        ReadChildren(reader, version, "CreateSequenceResponse", child =>
        {
            switch (child)
            {
                case "Identifier":
                    identifier = ReadIdentifier(reader);
                    return true;
                case "Expires":
                    expires = ReadDuration(reader);
                    return true;
                case "IncompleteSequenceBehavior" when version.Is11:
                    behavior = ReadIncompleteSequenceBehavior(reader);
                    return true;
                case "Accept":
                    EndpointReference? acksTo = null;
                    ReadChildren(reader, version, "Accept", inner =>
                    {
                        if (inner != "AcksTo")
                        {
                            return false;
                        }

                        acksTo = AddressingReader.ReadEndpointReference(reader, versions);
                        return true;
                    });
                    accept = new SequenceAccept(acksTo ?? throw Missing(reader, "Accept", "AcksTo"));
                    return true;
                default:
                    return false;
            }
        });

        return new CreateSequenceResponse(identifier ?? throw Missing(reader, "CreateSequenceResponse", "Identifier"))
        {
            Expires = expires,
            IncompleteSequenceBehavior = behavior,
            Accept = accept,
        };
    }

    private static MessageBody ReadIdentifierAndLast(
        WireXmlReader reader, ReliableMessagingVersion version, string element, Func<string, long?, MessageBody> create)
    {
        string? identifier = null;
        long? last = null;
        ReadChildren(reader, version, element, child =>
        {
            switch (child)
            {
                case "Identifier":
                    identifier = ReadIdentifier(reader);
                    return true;
                case "LastMsgNumber" when version.Is11 && element is "CloseSequence" or "TerminateSequence":
                    last = ReadMessageNumber(reader, "LastMsgNumber", identifier);
                    return true;
                default:
                    return false;
            }
        });

        return create(identifier ?? throw Missing(reader, element, "Identifier"), last);
    }
}