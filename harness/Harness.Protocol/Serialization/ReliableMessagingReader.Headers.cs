using System.Globalization;
using Harness.Protocol.Acknowledgements;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;

namespace Harness.Protocol.Serialization;

/// <summary>The WS-RM headers: Sequence, SequenceAcknowledgement, AckRequested and SequenceFault.</summary>
internal static partial class ReliableMessagingReader
{
    public static SequenceHeader ReadSequence(WireXmlReader reader, ReliableMessagingVersion version)
    {
        string? identifier = null;
        long? number = null;
        var last = false;
        ReadChildren(reader, version, "Sequence", child =>
        {
            switch (child)
            {
                case "Identifier":
                    identifier = ReadIdentifier(reader);
                    return true;
                case "MessageNumber":
                    number = ReadMessageNumber(reader, "MessageNumber", identifier);
                    return true;
                case "LastMessage" when version.IsFebruary2005:
                    last = true;
                    reader.Skip();
                    return true;
                default:
                    return false;
            }
        });

        return new SequenceHeader(
            identifier ?? throw Missing(reader, "Sequence", "Identifier"),
            number ?? throw Missing(reader, "Sequence", "MessageNumber"),
            last);
    }

    public static SequenceAcknowledgement ReadAcknowledgement(WireXmlReader reader, ReliableMessagingVersion version)
    {
        string? identifier = null;
        var ranges = new List<SequenceRange>();
        var nacks = new List<long>();
        bool none = false, final = false;
        int? bufferRemaining = null;
        ReadChildren(reader, version, "SequenceAcknowledgement", child =>
        {
            switch (child)
            {
                case "Identifier":
                    identifier = ReadIdentifier(reader);
                    return true;
                case "AcknowledgementRange":
                    ranges.Add(ReadRange(reader));
                    return true;
                case "Nack":
                    nacks.Add(ReadMessageNumber(reader, "Nack", identifier));
                    return true;
                case "None" when version.Is11:
                    none = true;
                    reader.Skip();
                    return true;
                case "Final" when version.Is11:
                    final = true;
                    reader.Skip();
                    return true;
                default:
                    return false;
            }
        },
        extension: () =>
        {
            if (reader.IsStartElement("BufferRemaining", ReliableMessagingVersion.WcfExtensionNamespace))
            {
                var text = reader.ReadElementText();
                bufferRemaining = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                    ? value
                    : throw reader.Error(WireErrorKind.InvalidContent, $"BufferRemaining '{text}' is not a non-negative number");
                return true;
            }

            return false;
        });

        if (identifier is null)
        {
            throw Missing(reader, "SequenceAcknowledgement", "Identifier");
        }

        var kinds = (ranges.Count > 0 ? 1 : 0) + (nacks.Count > 0 ? 1 : 0) + (none ? 1 : 0);
        if (kinds != 1)
        {
            throw new WireProtocolException(
                WireErrorKind.InvalidAcknowledgement,
                kinds == 0
                    ? "SequenceAcknowledgement holds no AcknowledgementRange, None or Nack"
                    : "SequenceAcknowledgement may hold only one of AcknowledgementRange, None and Nack")
            { SequenceIdentifier = identifier };
        }

        if (!SequenceRangeSet.TryFromDisjoint(ranges, out _, out var problem))
        {
            throw new WireProtocolException(WireErrorKind.InvalidAcknowledgement, problem!) { SequenceIdentifier = identifier };
        }

        return new SequenceAcknowledgement(identifier, ranges)
        {
            Nacks = nacks,
            None = none,
            Final = final,
            BufferRemaining = bufferRemaining,
        };
    }

    public static AckRequested ReadAckRequested(WireXmlReader reader, ReliableMessagingVersion version)
    {
        string? identifier = null;
        long? number = null;
        ReadChildren(reader, version, "AckRequested", child =>
        {
            switch (child)
            {
                case "Identifier":
                    identifier = ReadIdentifier(reader);
                    return true;
                case "MessageNumber" when version.IsFebruary2005:
                    number = ReadMessageNumber(reader, "MessageNumber", identifier);
                    return true;
                default:
                    return false;
            }
        });

        return new AckRequested(identifier ?? throw Missing(reader, "AckRequested", "Identifier"), number);
    }

    /// <summary>SOAP 1.1's SequenceFault header: the subcode, and the detail (wrapped in Detail in 1.1).</summary>
    public static SequenceFault ReadSequenceFaultHeader(WireXmlReader reader, ReliableMessagingVersion version)
    {
        SequenceFaultCode? code = null;
        string? identifier = null;
        SequenceAcknowledgement? acknowledgement = null;

        bool ReadDetailElement(string child)
        {
            switch (child)
            {
                case "Identifier":
                    identifier = ReadIdentifier(reader);
                    return true;
                case "SequenceAcknowledgement":
                    acknowledgement = ReadAcknowledgement(reader, version);
                    return true;
                default:
                    return false;
            }
        }

        ReadChildren(reader, version, "SequenceFault", child =>
        {
            switch (child)
            {
                case "FaultCode":
                    var name = reader.ReadElementQualifiedName();
                    if (name.Namespace != version.Namespace || !SequenceFault.TryParseSubcode(name.Name, out var parsed))
                    {
                        throw reader.Error(WireErrorKind.InvalidContent, $"'{name}' is not a {version.Name} fault code");
                    }

                    code = parsed;
                    return true;
                case "Detail" when version.Is11:
                    ReadChildren(reader, version, "Detail", ReadDetailElement);
                    return true;
                default:
                    return version.IsFebruary2005 && ReadDetailElement(child);
            }
        });

        return new SequenceFault(code ?? throw Missing(reader, "SequenceFault", "FaultCode"), string.Empty)
        {
            Identifier = identifier ?? acknowledgement?.Identifier,
            Acknowledgement = acknowledgement,
        };
    }

    private static SequenceRange ReadRange(WireXmlReader reader)
    {
        var lowerText = reader.GetAttribute("Lower");
        var upperText = reader.GetAttribute("Upper");
        if (lowerText is null || upperText is null)
        {
            throw reader.Error(WireErrorKind.InvalidAcknowledgement, "AcknowledgementRange needs both Lower and Upper");
        }

        long lower, upper;
        try
        {
            lower = ParseMessageNumber(lowerText.Trim(), "Lower", null, reader);
            upper = ParseMessageNumber(upperText.Trim(), "Upper", null, reader);
        }
        catch (WireProtocolException ex)
        {
            throw reader.Error(WireErrorKind.InvalidAcknowledgement, "AcknowledgementRange: " + ex.Detail);
        }

        if (upper < lower)
        {
            throw reader.Error(WireErrorKind.InvalidAcknowledgement, $"AcknowledgementRange Upper {upper} is below Lower {lower}");
        }

        reader.Skip();
        return new SequenceRange(lower, upper);
    }
}