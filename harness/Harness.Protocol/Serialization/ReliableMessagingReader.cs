using System.Globalization;
using System.Xml;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;

namespace Harness.Protocol.Serialization;

/// <summary>Reads the WS-RM header and body elements of both versions. The reader is positioned on the element.</summary>
internal static partial class ReliableMessagingReader
{
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
