namespace Harness.WcfClient.Tests.Support;

/// <summary>
/// Compares two clients' requests kind by kind: the n-th request of each kind (CreateSequence, Append, LastMessage...)
/// of one client against the n-th of the same kind of the other. Returns each difference as a sentence.
/// </summary>
internal static class RequestComparison
{
    /// <summary>
    /// HTTP headers WCF's transport adds that are no part of SOAP or WS-RM: <c>Accept-Encoding: gzip, deflate</c> (WCF
    /// lets its HttpClient decompress answers) and <c>Cache-Control: no-cache, max-age=0</c>. A SOAP endpoint ignores
    /// both, so the harness client need not send them. (<c>X-Harness-Session</c> is not listed: the harness adds it to
    /// both clients' requests when a session index is given, as both are here.)
    /// </summary>
    private static readonly HashSet<string> HttpHeadersOnlyWcfSends = new(StringComparer.OrdinalIgnoreCase) { "Accept-Encoding", "Cache-Control" };

    /// <summary>What is compared of a request, by name, in the order differences are listed.</summary>
    private static readonly (string Aspect, Func<WireRequest, string> Value)[] Aspects =
    [
        ("action", r => r.Message.Action ?? "(none)"),
        ("SOAP headers", r => string.Join(", ", r.HeaderNames.Order(StringComparer.Ordinal))),
        ("acknowledgements", r => string.Join("; ", r.Message.Acknowledgements.Select(a =>
            $"{string.Join(",", a.Ranges)}{(a.None ? " None" : string.Empty)}{(a.Final ? " Final" : string.Empty)}{(a.Nacks.Count > 0 ? " Nacks" : string.Empty)}"))),
        ("MessageID", r => r.Message.Addressing.MessageId is null ? "absent" : "present"),
        ("ReplyTo", r => r.Message.Addressing.ReplyTo?.Address ?? "absent"),
        ("CreateSequence", r => r.CreateSequenceShape ?? "-"),
        ("Close/Terminate", r => r.LastMessageNumberShape ?? "-"),
        ("body element", r => r.BodyElement),
        ("Content-Type media type", r => r.MediaType ?? "(none)"),
        ("Content-Type charset", r => r.Charset ?? "(none)"),
        ("other Content-Type parameters", r => r.OtherContentTypeParameters),
        ("SOAPAction HTTP header", r => r.SoapActionHeader ?? "absent"),
        ("HTTP headers", r => string.Join(", ", r.Recorded.Headers.Keys.Where(h => !HttpHeadersOnlyWcfSends.Contains(h)).Order(StringComparer.OrdinalIgnoreCase))),
    ];

    public static IReadOnlyList<string> Differences(IReadOnlyList<WireRequest> harness, IReadOnlyList<WireRequest> wcf)
    {
        // A retransmission repeats a first send; how many there are depends on timing (a GC pause on loopback can
        // outlast the harness client's adaptive timeout), not on what a request looks like, so only first sends count.
        (harness, wcf) = (FirstSends(harness), FirstSends(wcf));
        var differences = new List<string>();
        var kinds = harness.Select(r => r.Kind).Concat(wcf.Select(r => r.Kind)).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var kind in kinds)
        {
            var ours = harness.Where(r => r.Kind == kind).ToArray();
            var theirs = wcf.Where(r => r.Kind == kind).ToArray();
            if (ours.Length != theirs.Length)
            {
                differences.Add($"{kind}: the harness client sent {ours.Length}, the WCF client {theirs.Length}");
            }

            for (var i = 0; i < Math.Min(ours.Length, theirs.Length); i++)
            {
                foreach (var (aspect, value) in Aspects)
                {
                    var (mine, real) = (value(ours[i]), value(theirs[i]));
                    if (mine != real)
                    {
                        differences.Add($"{kind} #{i + 1}, {aspect}: harness client [{mine}], WCF client [{real}]");
                    }
                }
            }
        }

        return differences;
    }

    /// <summary>The requests without resends of a sequenced message already seen (same sequence and message number).</summary>
    public static IReadOnlyList<WireRequest> FirstSends(IReadOnlyList<WireRequest> requests)
    {
        var seen = new HashSet<(string, long)>();
        return [.. requests.Where(r => r.Message.Sequence is not { } sequence || seen.Add((sequence.Identifier, sequence.MessageNumber)))];
    }
}
