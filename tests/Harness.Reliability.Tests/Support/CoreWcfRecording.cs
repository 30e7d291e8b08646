using System.Globalization;
using System.Text;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;

namespace Harness.Reliability.Tests.Support;

/// <summary>
/// The real answers of CoreWCF's reliable-session service for one WS-RM version (Data/corewcf-service, copied from
/// shared/wire/corewcf-service), and the identifiers they were recorded with, so a fake can substitute its own.
/// </summary>
internal sealed class CoreWcfRecording
{
    private CoreWcfRecording(ReliableMessagingVersion rm)
    {
        Version = rm;
        var folder = Path.Combine(AppContext.BaseDirectory, "Data", "corewcf-service", rm.IsFebruary2005 ? "rm2005" : "rm11");
        CoreWcfCapture Load(string name) => CoreWcfCapture.Load(Path.Combine(folder, name + ".response.http"));

        CreateSequenceRefused = Load("01-CreateSequence-no-offer");
        CreateSequenceResponse = Load("02-CreateSequence");
        FirstReply = Load("03-Append-msg1");
        CachedReply = Load("04-Append-msg1-retransmit");
        GapDiscarded = Load("05-Post-msg3-gap");
        Acknowledgement = Load("06-Post-msg2");
        LaterAcknowledgement = Load("07-Post-msg3-retransmit");
        SecondReply = Load("08-Append-msg4");
        Close = Load(rm.IsFebruary2005 ? "09-LastMessage-msg5" : "09-CloseSequence");
        Terminate = Load("10-TerminateSequence");

        var created = (CreateSequenceResponse)CreateSequenceResponse.Parse()!.Body;
        ServiceSequenceId = created.Identifier;
        Endpoint = created.Accept!.AcksTo.Address;
        OfferedSequenceId = FirstReply.Parse()!.Sequence!.Identifier;
    }

    public static CoreWcfRecording February2005 { get; } = new(ReliableMessagingVersion.WSReliableMessagingFebruary2005);

    public static CoreWcfRecording V11 { get; } = new(ReliableMessagingVersion.WSReliableMessaging11);

    public ReliableMessagingVersion Version { get; }

    /// <summary>The sequence identifier CoreWCF issued in the recording.</summary>
    public string ServiceSequenceId { get; }

    /// <summary>The reply sequence the hand-written client offered in the recording.</summary>
    public string OfferedSequenceId { get; }

    /// <summary>The service's address in the recording (the Accept's AcksTo).</summary>
    public string Endpoint { get; }

    /// <summary>HTTP 500: CreateSequence without an Offer on a reply-session endpoint.</summary>
    public CoreWcfCapture CreateSequenceRefused { get; }

    public CoreWcfCapture CreateSequenceResponse { get; }

    /// <summary>The AppendResponse to message 1: reply 1 on the offered sequence, ack 1-1.</summary>
    public CoreWcfCapture FirstReply { get; }

    /// <summary>The answer to a retransmission of message 1: the cached reply.</summary>
    public CoreWcfCapture CachedReply { get; }

    /// <summary>The empty 202 of a message that arrived ahead of a gap.</summary>
    public CoreWcfCapture GapDiscarded { get; }

    /// <summary>The ack-only answer to a one-way message (ack 1-2).</summary>
    public CoreWcfCapture Acknowledgement { get; }

    /// <summary>The ack-only answer to the retransmitted message 3 (ack 1-3).</summary>
    public CoreWcfCapture LaterAcknowledgement { get; }

    /// <summary>The AppendResponse to message 4: reply 2 on the offered sequence, AppendResult 4, ack 1-4.</summary>
    public CoreWcfCapture SecondReply { get; }

    /// <summary>February 2005: the service's own LastMessage on the offered sequence. 1.1: CloseSequenceResponse.</summary>
    public CoreWcfCapture Close { get; }

    /// <summary>February 2005: a TerminateSequence of the offered sequence. 1.1: TerminateSequenceResponse.</summary>
    public CoreWcfCapture Terminate { get; }

    public static CoreWcfRecording For(ReliableMessagingVersion rm) => rm.IsFebruary2005 ? February2005 : V11;
}

/// <summary>One recorded HTTP answer: the status line's code, the headers and the body exactly as captured.</summary>
internal sealed record CoreWcfCapture(string Name, int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public static CoreWcfCapture Load(string path)
    {
        // Headers, a blank line (CRLF), then the body byte for byte.
        var text = File.ReadAllText(path, Encoding.UTF8);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = text[..split].Split("\r\n");
        var status = int.Parse(head[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = head.Skip(1)
            .Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var name = Path.GetFileName(path).Replace(".response.http", string.Empty, StringComparison.Ordinal);
        return new CoreWcfCapture(name, status, headers, text[(split + 4)..]);
    }

    public SoapMessage? Parse() => Body.Length == 0 ? null : SoapMessageReader.Read(Body);
}
