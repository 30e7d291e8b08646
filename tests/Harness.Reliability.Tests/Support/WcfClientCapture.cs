using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;

namespace Harness.Reliability.Tests.Support;

/// <summary>
/// One scenario of real WCF-client requests (Data/wcf-client, copied from shared/wire/wcf-client), in the order the
/// client sent them, with the sequence identifier and address of the capture stub they were recorded against.
/// </summary>
internal sealed class WcfClientCapture
{
    private WcfClientCapture(string scenario, IReadOnlyList<CapturedRequest> requests)
    {
        Scenario = scenario;
        Requests = requests;
        Version = scenario.StartsWith("rm11/", StringComparison.Ordinal)
            ? ReliableMessagingVersion.WSReliableMessaging11
            : ReliableMessagingVersion.WSReliableMessagingFebruary2005;

        var create = requests[0].Message;
        CreateSequence = create.Body as CreateSequence
            ?? throw new InvalidDataException($"{scenario}: the first request is not a CreateSequence.");
        RecordedEndpoint = create.Addressing.To
            ?? throw new InvalidDataException($"{scenario}: the CreateSequence has no To.");

        // The stub's identifier is the one every later message names (Sequence header, Close/Terminate body).
        RecordedSequenceId = requests.Select(r => r.Message.Sequence?.Identifier
                ?? (r.Message.Body as TerminateSequence)?.Identifier
                ?? r.Message.AckRequests.FirstOrDefault()?.Identifier)
            .FirstOrDefault(id => id is not null)
            ?? throw new InvalidDataException($"{scenario}: no request names the sequence.");
    }

    /// <summary>The folder under wcf-client, e.g. <c>rm2005/request-reply</c>.</summary>
    public string Scenario { get; }

    public ReliableMessagingVersion Version { get; }

    public IReadOnlyList<CapturedRequest> Requests { get; }

    public CreateSequence CreateSequence { get; }

    /// <summary>The reply sequence the client offered, or null for a one-way-only channel.</summary>
    public string? OfferedSequenceId => CreateSequence.Offer?.Identifier;

    /// <summary>The capture stub's address, as the client put it in every <c>a:To</c>.</summary>
    public string RecordedEndpoint { get; }

    /// <summary>The identifier the capture stub issued.</summary>
    public string RecordedSequenceId { get; }

    public static WcfClientCapture Load(string scenario)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Data", "wcf-client", scenario);
        var requests = Directory.EnumerateFiles(folder, "*.xml")
            .Order(StringComparer.Ordinal)
            .Select(path => new CapturedRequest(Path.GetFileName(path), File.ReadAllText(path)))
            .ToArray();
        return requests.Length > 0 ? new WcfClientCapture(scenario, requests) : throw new InvalidDataException($"No capture in {folder}.");
    }

    /// <summary>The request as the client would have sent it to <paramref name="endpoint"/> on sequence <paramref name="sequenceId"/>.</summary>
    public string Retarget(CapturedRequest request, Uri endpoint, string? sequenceId = null)
    {
        var xml = request.Xml.Replace(RecordedEndpoint, endpoint.AbsoluteUri, StringComparison.Ordinal);
        return sequenceId is null ? xml : xml.Replace(RecordedSequenceId, sequenceId, StringComparison.Ordinal);
    }
}

/// <summary>One captured request file: its name (e.g. <c>002-Append-msg1-rm2005.xml</c>), text and parsed form.</summary>
internal sealed record CapturedRequest(string Name, string Xml)
{
    public SoapMessage Message { get; } = SoapMessageReader.Read(Xml);

    public override string ToString() => Name;
}
