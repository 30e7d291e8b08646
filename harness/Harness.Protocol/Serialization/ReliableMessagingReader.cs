using System.Globalization;
using System.Xml;
using Harness.Protocol.Acknowledgements;
using Harness.Protocol.Addressing;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;

namespace Harness.Protocol.Serialization;

/// <summary>Reads the WS-RM header and body elements of both versions. The reader is positioned on the element.</summary>
internal static class ReliableMessagingReader
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

    /// <summary>
    /// Walks the children of the current RM element. <paramref name="readChild"/> handles a child in the RM
    /// namespace and returns false for one it does not know (an error: the schemas list them all); children in other
    /// namespaces are extensions, offered to <paramref name="extension"/> and otherwise skipped.
    /// </summary>
    private static void ReadChildren(WireXmlReader reader, ReliableMessagingVersion version, string parent, Func<string, bool> readChild, Func<bool>? extension = null)
    {
        if (!reader.EnterElement())
        {
            return;
        }

        while (reader.MoveToContent() == XmlNodeType.Element)
        {
            if (reader.NamespaceUri == version.Namespace)
            {
                var name = reader.LocalName;
                if (!readChild(name))
                {
                    throw reader.Error(WireErrorKind.InvalidContent, $"'{name}' is not allowed in {version.Name} '{parent}'");
                }
            }
            else if (ReliableMessagingVersion.FromNamespace(reader.NamespaceUri) is { } other)
            {
                throw reader.Error(WireErrorKind.MixedVersions, $"'{reader.LocalName}' of {other.Name} inside {version.Name} '{parent}'");
            }
            else if (extension is null || !extension())
            {
                reader.Skip();
            }
        }

        reader.LeaveElement();
    }

    private static string ReadIdentifier(WireXmlReader reader)
    {
        var text = reader.ReadElementText().Trim();
        return text.Length > 0 ? text : throw reader.Error(WireErrorKind.InvalidContent, "an Identifier is empty");
    }

    /// <summary>Message numbers are 1..<see cref="ReliableMessagingVersion.MaxMessageNumber"/>.</summary>
    internal static long ReadMessageNumber(WireXmlReader reader, string element, string? identifier)
    {
        var text = reader.ReadElementText().Trim();
        return ParseMessageNumber(text, element, identifier, reader);
    }

    internal static long ParseMessageNumber(string text, string element, string? identifier, WireXmlReader? reader)
    {
        WireProtocolException Fail(WireErrorKind kind, string message) =>
            reader?.Error(kind, message, identifier) ?? new WireProtocolException(kind, message) { SequenceIdentifier = identifier };

        if (text.Length == 0 || !text.All(char.IsAsciiDigit))
        {
            throw Fail(WireErrorKind.InvalidMessageNumber, $"{element} '{Truncate(text)}' is not a positive whole number");
        }

        var trimmed = text.TrimStart('0');
        if (trimmed.Length == 0)
        {
            throw Fail(WireErrorKind.InvalidMessageNumber, $"{element} 0 is not allowed: message numbers start at 1");
        }

        if (trimmed.Length > 19 || !long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw Fail(WireErrorKind.MessageNumberRollover, $"{element} {Truncate(trimmed)} is past the maximum {ReliableMessagingVersion.MaxMessageNumber}");
        }

        return value;
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

    private static TimeSpan ReadDuration(WireXmlReader reader)
    {
        var text = reader.ReadElementText().Trim();
        try
        {
            return XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException)
        {
            throw reader.Error(WireErrorKind.InvalidContent, $"Expires '{Truncate(text)}' is not an xs:duration");
        }
        catch (OverflowException)
        {
            throw reader.Error(WireErrorKind.InvalidContent, $"Expires '{Truncate(text)}' is out of range");
        }
    }

    private static IncompleteSequenceBehavior ReadIncompleteSequenceBehavior(WireXmlReader reader)
    {
        var text = reader.ReadElementText().Trim();
        return text switch
        {
            "DiscardEntireSequence" => IncompleteSequenceBehavior.DiscardEntireSequence,
            "DiscardFollowingFirstGap" => IncompleteSequenceBehavior.DiscardFollowingFirstGap,
            "NoDiscard" => IncompleteSequenceBehavior.NoDiscard,
            _ => throw reader.Error(WireErrorKind.InvalidContent, $"IncompleteSequenceBehavior '{Truncate(text)}' is not one of DiscardEntireSequence, DiscardFollowingFirstGap, NoDiscard"),
        };
    }

    private static WireProtocolException Missing(WireXmlReader reader, string parent, string child) =>
        reader.Error(WireErrorKind.InvalidContent, $"'{parent}' lacks its required '{child}'");

    internal static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
