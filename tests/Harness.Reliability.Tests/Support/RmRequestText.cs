using System.Globalization;
using Harness.Protocol.Versions;
using Harness.Reliability.Journal;

namespace Harness.Reliability.Tests.Support;

/// <summary>
/// Hand-written requests as XML text, in the real WCF client's shape (SOAP 1.2 + WS-Addressing 1.0, see
/// Data/wcf-client), so that tests can bend any part of them: numbers, headers, bodies.
/// </summary>
internal sealed class RmRequestText(ReliableMessagingVersion rm, Uri endpoint)
{
    public const string SoapNamespace = "http://www.w3.org/2003/05/soap-envelope";
    public const string AddressingNamespace = "http://www.w3.org/2005/08/addressing";
    private const string Anonymous = "http://www.w3.org/2005/08/addressing/anonymous";

    public ReliableMessagingVersion Version => rm;

    /// <summary>The envelope with <paramref name="headers"/> (a:To is added) and <paramref name="body"/>.</summary>
    public string Envelope(string headers, string body) =>
        $"""<s:Envelope xmlns:s="{SoapNamespace}" xmlns:r="{rm.Namespace}" xmlns:a="{AddressingNamespace}"><s:Header>{headers}<a:To s:mustUnderstand="1">{endpoint.AbsoluteUri}</a:To></s:Header><s:Body>{body}</s:Body></s:Envelope>""";

    public string CreateSequence(string? offeredId = null)
    {
        var offer = offeredId is null ? string.Empty
            : rm.Is11 ? $"<r:Offer><r:Identifier>{offeredId}</r:Identifier><r:Endpoint><a:Address>{Anonymous}</a:Address></r:Endpoint><r:IncompleteSequenceBehavior>DiscardFollowingFirstGap</r:IncompleteSequenceBehavior></r:Offer>"
            : $"<r:Offer><r:Identifier>{offeredId}</r:Identifier></r:Offer>";
        return Envelope(
            Action(rm.CreateSequenceAction) + MessageId(),
            $"<r:CreateSequence><r:AcksTo><a:Address>{Anonymous}</a:Address></r:AcksTo>{offer}</r:CreateSequence>");
    }

    /// <summary>A one-way Post of call <paramref name="number"/> (payload m<paramref name="number"/>) as message <paramref name="number"/>.</summary>
    public string Post(string sequenceId, long number, string extraHeaders = "") =>
        Post(sequenceId, Text(number), checked((int)number), extraHeaders);

    /// <summary>A one-way Post whose MessageNumber is written as <paramref name="messageNumber"/>, verbatim.</summary>
    public string Post(string sequenceId, string messageNumber, int call, string extraHeaders = "") =>
        Envelope(SequenceHeader(sequenceId, messageNumber) + extraHeaders + Action(JournalContract.PostAction), Call(JournalOperation.Post, call));

    /// <summary>A request-reply Append of call <paramref name="number"/> as message <paramref name="number"/>.</summary>
    public string Append(string sequenceId, long number, string extraHeaders = "") =>
        Envelope(
            SequenceHeader(sequenceId, Text(number)) + extraHeaders + Action(JournalContract.AppendAction) + MessageId() + $"<a:ReplyTo><a:Address>{Anonymous}</a:Address></a:ReplyTo>",
            Call(JournalOperation.Append, checked((int)number)));

    /// <summary>A Post without any WS-RM header, as a client without a reliable session sends it.</summary>
    public string PlainPost(int call) => Envelope(Action(JournalContract.PostAction), Call(JournalOperation.Post, call));

    /// <summary>February 2005: the empty message that ends the sequence.</summary>
    public string LastMessage(string sequenceId, long number) =>
        Envelope(
            $"""<r:Sequence s:mustUnderstand="1"><r:Identifier>{sequenceId}</r:Identifier><r:MessageNumber>{Text(number)}</r:MessageNumber><r:LastMessage/></r:Sequence>""" + Action(rm.LastMessageAction),
            string.Empty);

    /// <summary>WS-RM 1.1 only.</summary>
    public string CloseSequence(string sequenceId, long lastNumber) =>
        Envelope(
            Action(rm.CloseSequenceAction) + MessageId(),
            $"<r:CloseSequence><r:Identifier>{sequenceId}</r:Identifier><r:LastMsgNumber>{Text(lastNumber)}</r:LastMsgNumber></r:CloseSequence>");

    /// <summary>With <paramref name="lastNumber"/> in 1.1 only (February 2005 has no LastMsgNumber).</summary>
    public string TerminateSequence(string sequenceId, long lastNumber)
    {
        var last = rm.Is11 ? $"<r:LastMsgNumber>{Text(lastNumber)}</r:LastMsgNumber>" : string.Empty;
        return Envelope(Action(rm.TerminateSequenceAction) + MessageId(), $"<r:TerminateSequence><r:Identifier>{sequenceId}</r:Identifier>{last}</r:TerminateSequence>");
    }

    /// <summary>A SequenceAcknowledgement header for messages <paramref name="lower"/>..<paramref name="upper"/> of a sequence.</summary>
    public static string AcknowledgementHeader(string sequenceId, long lower, long upper) =>
        $"""<r:SequenceAcknowledgement><r:Identifier>{sequenceId}</r:Identifier><r:AcknowledgementRange Lower="{Text(lower)}" Upper="{Text(upper)}"/></r:SequenceAcknowledgement>""";

    /// <summary>The body of a journal call: sequence <paramref name="call"/>, payload m<paramref name="call"/>.</summary>
    public static string Call(JournalOperation operation, int call) =>
        $"""<{operation} xmlns="{JournalContract.Namespace}"><sequence>{Text(call)}</sequence><payload>m{Text(call)}</payload></{operation}>""";

    private static string SequenceHeader(string sequenceId, string messageNumber) =>
        $"""<r:Sequence s:mustUnderstand="1"><r:Identifier>{sequenceId}</r:Identifier><r:MessageNumber>{messageNumber}</r:MessageNumber></r:Sequence>""";

    private static string Action(string action) => $"""<a:Action s:mustUnderstand="1">{action}</a:Action>""";

    private static string MessageId() => $"<a:MessageID>urn:uuid:{Guid.NewGuid()}</a:MessageID>";

    private static string Text(long number) => number.ToString(CultureInfo.InvariantCulture);
}
