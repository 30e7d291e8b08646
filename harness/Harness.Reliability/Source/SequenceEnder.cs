using System.Globalization;
using Harness.Protocol.Addressing;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;

namespace Harness.Reliability.Source;

/// <summary>
/// Ends a sequence its source left open (a run stopped by its time limit, a session that faulted, a client that
/// only aborts), so that a service which holds a slot per open sequence frees it at once instead of after its
/// inactivity timeout: February 2005 sends LastMessage then TerminateSequence (CoreWCF refuses a TerminateSequence
/// before the LastMessage), 1.1 CloseSequence then TerminateSequence. One attempt each, bounded in time; the
/// service's answer is reported, never thrown.
/// </summary>
public static class SequenceEnder
{
    /// <param name="lastSent">The highest message number the source sent on the sequence (0 when none).</param>
    /// <param name="offered">Whether the sequence has an offered reply sequence: the service then answers the close on the HTTP reply.</param>
    /// <returns>Null when the service took both messages (a 2xx each); else what went wrong.</returns>
    public static async Task<string?> EndAsync(
        HttpClient http,
        Uri endpoint,
        ReliableMessagingVersion rm,
        MessageVersion version,
        string sequenceId,
        long lastSent,
        bool offered,
        TimeSpan timeoutPerMessage,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rm);
        ArgumentNullException.ThrowIfNull(version);
        var transport = new SoapHttpTransport(http, endpoint, WireLimits.Default);
        var to = endpoint.ToString();

        SoapMessage close;
        long last;
        if (rm.IsFebruary2005)
        {
            last = lastSent + 1;
            close = new SoapMessage
            {
                Version = version,
                ReliableMessaging = rm,
                Addressing = Request(rm.LastMessageAction, version, to),
                Sequence = new SequenceHeader(sequenceId, last, LastMessage: true),
                Body = ApplicationBody.Empty,
            };
        }
        else
        {
            last = lastSent;
            close = new SoapMessage
            {
                Version = version,
                ReliableMessaging = rm,
                Addressing = Request(rm.CloseSequenceAction, version, to),
                Body = new CloseSequence(sequenceId, last),
            };
        }

        var closed = await transport.SendAsync(close, timeoutPerMessage, cancellationToken).ConfigureAwait(false);
        if (Problem(closed, rm.IsFebruary2005 ? "LastMessage" : "CloseSequence") is { } closeProblem)
        {
            return closeProblem;
        }

        var terminate = new SoapMessage
        {
            Version = version,
            ReliableMessaging = rm,

            // As WCF: February 2005's TerminateSequence of a session without an offer is one-way, with no MessageID.
            Addressing = rm.IsFebruary2005 && !offered
                ? new AddressingHeaders { Action = rm.TerminateSequenceAction, To = to }
                : Request(rm.TerminateSequenceAction, version, to),
            Body = rm.IsFebruary2005 ? new TerminateSequence(sequenceId) : new TerminateSequence(sequenceId, last),
        };
        var terminated = await transport.SendAsync(terminate, timeoutPerMessage, cancellationToken).ConfigureAwait(false);
        return Problem(terminated, "TerminateSequence");
    }

    private static AddressingHeaders Request(string action, MessageVersion version, string to) => new()
    {
        Action = action,
        MessageId = "urn:uuid:" + Guid.NewGuid(),

        // WS-Addressing 2004/08 has no default reply address: name the anonymous one, as WCF does.
        ReplyTo = version.Addressing == AddressingVersion.WSAddressingAugust2004 ? new EndpointReference(version.Addressing.AnonymousUri) : null,
        To = to,
    };

    private static string? Problem(TransportAnswer answer, string what) =>
        !answer.Arrived ? $"{what}: {answer.Problem}"
        : answer.Message?.Body is SoapFault fault ? string.Create(CultureInfo.InvariantCulture, $"{what}: HTTP {answer.Status}, {fault}")
        : answer.Status >= 300 ? string.Create(CultureInfo.InvariantCulture, $"{what}: HTTP {answer.Status}")
        : null;
}
