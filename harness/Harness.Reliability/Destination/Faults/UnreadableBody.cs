using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Harness.Protocol.Versions;

namespace Harness.Reliability.Destination.Faults;

/// <summary>
/// What can still be made out of a request the reader refused, by looking at its bytes: the versions it was written
/// in (so the fault answers in kind) and its Sequence header.
/// </summary>
internal static partial class UnreadableBody
{
    /// <summary>The SOAP and WS-RM versions the body names, defaulting to SOAP 1.2 and February 2005.</summary>
    public static (MessageVersion Version, ReliableMessagingVersion ReliableMessaging) GuessVersions(ReadOnlyMemory<byte> body)
    {
        var version = Contains(body, SoapVersion.Soap11.EnvelopeNamespace) ? MessageVersion.Soap11WSAddressing10 : MessageVersion.Default;
        var rm = Contains(body, ReliableMessagingVersion.WSReliableMessaging11.Namespace)
            ? ReliableMessagingVersion.WSReliableMessaging11
            : ReliableMessagingVersion.WSReliableMessagingFebruary2005;
        return (version, rm);
    }

    /// <summary>The Sequence header's identifier and message number, when the text still shows them.</summary>
    public static bool TryReadSequenceHeader(ReadOnlyMemory<byte> body, out string identifier, out long number)
    {
        identifier = string.Empty;
        number = 0;
        if (SequenceHeader().Match(Encoding.UTF8.GetString(body.Span)) is not { Success: true } header
            || !long.TryParse(header.Groups["number"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            return false;
        }

        identifier = header.Groups["id"].Value;
        return true;
    }

    private static bool Contains(ReadOnlyMemory<byte> body, string text) =>
        body.Span.IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    [GeneratedRegex(@"<(?:\w+:)?Sequence\b[^>]*>\s*<(?:\w+:)?Identifier>(?<id>[^<]+)</(?:\w+:)?Identifier>\s*<(?:\w+:)?MessageNumber>(?<number>\d+)</", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SequenceHeader();
}
