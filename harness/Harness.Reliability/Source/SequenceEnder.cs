using System.Globalization;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;
using Harness.Protocol.Timing;
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
        RunClock clock,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rm);
        ArgumentNullException.ThrowIfNull(version);
        var transport = new SoapHttpTransport(http, endpoint, WireLimits.Default, clock);
        var to = endpoint.ToString();

        // February 2005 closes with a LastMessage, itself the sequence's next message; 1.1 with CloseSequence.
        var last = rm.IsFebruary2005 ? lastSent + 1 : lastSent;
        var (closeAction, closeBody) = rm.IsFebruary2005
            ? (rm.LastMessageAction, ApplicationBody.Empty)
            : (rm.CloseSequenceAction, (MessageBody)new CloseSequence(sequenceId, last));
        var close = new SoapMessage
        {
            Version = version,
            ReliableMessaging = rm,
            Addressing = ProtocolAddressing.For(closeAction, closeBody, rm, version, offered, to),
            Sequence = rm.IsFebruary2005 ? new SequenceHeader(sequenceId, last, LastMessage: true) : null,
            Body = closeBody,
        };

        var closed = await transport.SendAsync(close, timeoutPerMessage, cancellationToken).ConfigureAwait(false);
        if (Problem(closed, rm.IsFebruary2005 ? "LastMessage" : "CloseSequence") is { } closeProblem)
        {
            return closeProblem;
        }

        MessageBody terminateBody = rm.IsFebruary2005 ? new TerminateSequence(sequenceId) : new TerminateSequence(sequenceId, last);
        var terminate = new SoapMessage
        {
            Version = version,
            ReliableMessaging = rm,
            Addressing = ProtocolAddressing.For(rm.TerminateSequenceAction, terminateBody, rm, version, offered, to),
            Body = terminateBody,
        };
        var terminated = await transport.SendAsync(terminate, timeoutPerMessage, cancellationToken).ConfigureAwait(false);
        return Problem(terminated, "TerminateSequence");
    }

    private static string? Problem(TransportAnswer answer, string what) =>
        !answer.Arrived ? $"{what}: {answer.Problem}"
        : answer.Message?.Body is SoapFault fault ? string.Create(CultureInfo.InvariantCulture, $"{what}: HTTP {answer.Status}, {fault}")
        : answer.Status >= 300 ? string.Create(CultureInfo.InvariantCulture, $"{what}: HTTP {answer.Status}")
        : null;
}
