using System.Globalization;
using System.Xml.Linq;
using Harness.Protocol.Acknowledgements;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Versions;

namespace Harness.Reliability.Tests.Support;

/// <summary>
/// A recorded CoreWCF answer edited into the answer for a live request. Edits find elements by namespace and local
/// name and touch nothing else, so every other byte of CoreWCF's shape (header order, BufferRemaining, Final,
/// prefixes) is kept.
/// </summary>
internal sealed class CoreWcfAnswerTemplate
{
    private readonly XElement _envelope;
    private readonly XNamespace _soap;
    private readonly XNamespace _addressing;
    private readonly XNamespace _rm;

    public CoreWcfAnswerTemplate(CoreWcfCapture capture, ReliableMessagingVersion rm)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(rm);
        if (capture.Body.Length == 0)
        {
            throw new ArgumentException($"{capture.Name} has no body to edit.", nameof(capture));
        }

        Status = capture.Status;
        _envelope = XElement.Parse(capture.Body, LoadOptions.PreserveWhitespace);
        _soap = _envelope.Name.Namespace;
        _addressing = "http://www.w3.org/2005/08/addressing";
        _rm = rm.Namespace;
    }

    public int Status { get; private set; }

    private XElement Header => _envelope.Element(_soap + "Header") ?? throw new InvalidOperationException("The template has no Header.");

    private XElement Body => _envelope.Element(_soap + "Body") ?? throw new InvalidOperationException("The template has no Body.");

    /// <summary>Replaces every element text equal to <paramref name="recorded"/> (identifiers and addresses).</summary>
    public CoreWcfAnswerTemplate ReplaceText(string recorded, string actual)
    {
        foreach (var element in _envelope.Descendants().Where(e => !e.HasElements && e.Value == recorded))
        {
            element.Value = actual;
        }

        return this;
    }

    /// <summary>Sets RelatesTo, or removes it when the request had no MessageID.</summary>
    public CoreWcfAnswerTemplate WithRelatesTo(string? messageId)
    {
        var relatesTo = Header.Element(_addressing + "RelatesTo");
        if (messageId is null)
        {
            relatesTo?.Remove();
        }
        else if (relatesTo is null)
        {
            Header.Add(new XElement(_addressing + "RelatesTo", messageId));
        }
        else
        {
            relatesTo.Value = messageId;
        }

        return this;
    }

    /// <summary>The number of the answer's own Sequence header (a message on the offered sequence).</summary>
    public CoreWcfAnswerTemplate WithMessageNumber(long number)
    {
        Single(Header.Element(_rm + "Sequence")?.Element(_rm + "MessageNumber"), "Sequence/MessageNumber").Value =
            number.ToString(CultureInfo.InvariantCulture);
        return this;
    }

    /// <summary>Replaces the ranges of the answer's SequenceAcknowledgement, keeping Final and BufferRemaining.</summary>
    public CoreWcfAnswerTemplate WithAcknowledgement(IEnumerable<SequenceRange> ranges)
    {
        var acknowledgement = Single(Header.Element(_rm + "SequenceAcknowledgement"), "SequenceAcknowledgement");
        acknowledgement.Elements(_rm + "AcknowledgementRange").Remove();
        var identifier = Single(acknowledgement.Element(_rm + "Identifier"), "SequenceAcknowledgement/Identifier");
        identifier.AddAfterSelf(ranges.Select(range => new XElement(
            _rm + "AcknowledgementRange",
            new XAttribute("Lower", range.Lower.ToString(CultureInfo.InvariantCulture)),
            new XAttribute("Upper", range.Upper.ToString(CultureInfo.InvariantCulture)))));
        return this;
    }

    public CoreWcfAnswerTemplate WithAppendResult(int result)
    {
        XNamespace journal = Journal.JournalContract.Namespace;
        Single(Body.Element(journal + "AppendResponse")?.Element(journal + "AppendResult"), "AppendResponse/AppendResult").Value =
            result.ToString(CultureInfo.InvariantCulture);
        return this;
    }

    /// <summary>
    /// Turns CoreWCF's recorded CreateSequenceRefused fault into another WS-RM fault of the same shape (SOAP 1.2
    /// subcode, HTTP 500), with the sequence named in the Detail as WS-RM requires for sequence faults.
    /// </summary>
    public CoreWcfAnswerTemplate AsSequenceFault(SequenceFaultCode code, string reason, string identifier)
    {
        var fault = Single(Body.Element(_soap + "Fault"), "Fault");
        var subcode = Single(fault.Element(_soap + "Code")?.Element(_soap + "Subcode")?.Element(_soap + "Value"), "Fault/Code/Subcode/Value");
        var prefix = subcode.GetPrefixOfNamespace(_rm) ?? throw new InvalidOperationException("The subcode's WS-RM prefix is not declared.");
        subcode.Value = $"{prefix}:{new SequenceFault(code, reason).SubcodeName}";
        Single(fault.Element(_soap + "Reason")?.Element(_soap + "Text"), "Fault/Reason/Text").Value = reason;
        fault.Element(_soap + "Detail")?.Remove();
        fault.Add(new XElement(_soap + "Detail", new XElement(_rm + "Identifier", identifier)));
        Status = 500;
        return this;
    }

    public string ToXml() => _envelope.ToString(SaveOptions.DisableFormatting);

    private static XElement Single(XElement? element, string path) =>
        element ?? throw new InvalidOperationException($"The template has no {path}.");
}
