using Harness.Protocol.Addressing;
using Harness.Protocol.Soap;
using Harness.Protocol.Timing;
using Harness.Reliability.Events;
using Harness.Reliability.Journal;
using Harness.Reliability.Settings;

namespace Harness.Reliability.Source;

/// <summary>
/// The same calls with the reliable session off: one plain SOAP request per call, no numbering, no retries.
/// Whatever the network does to a message happens to the application: this is the negative control.
/// </summary>
public sealed class UnreliableSession : IJournalSession
{
    private readonly SoapHttpTransport _transport;
    private readonly ReliableSessionSettings _settings;
    private readonly IReliabilityEventSink _events;
    private readonly RunClock _clock;

    public UnreliableSession(HttpClient http, Uri endpoint, SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _transport = new SoapHttpTransport(http, endpoint, options.Limits, options.Clock, options.Labels);
        _settings = options.Settings;
        _events = options.Events;
        _clock = options.Clock;
        SessionId = options.SessionName ?? "urn:uuid:" + Guid.NewGuid();
    }

    public string SessionId { get; }

    public async Task PostAsync(int sequence, string payload, CancellationToken cancellationToken) =>
        await CallAsync(new JournalCall(JournalOperation.Post, sequence, payload), cancellationToken).ConfigureAwait(false);

    public Task<int> AppendAsync(int sequence, string payload, CancellationToken cancellationToken) =>
        CallAsync(new JournalCall(JournalOperation.Append, sequence, payload), cancellationToken);

    public Task CloseAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<int> CallAsync(JournalCall call, CancellationToken cancellationToken)
    {
        var expectsReply = call.Operation == JournalOperation.Append;
        var message = new SoapMessage
        {
            Version = _settings.MessageVersion,
            Addressing = new AddressingHeaders
            {
                Action = JournalContract.ActionOf(call.Operation),
                MessageId = expectsReply ? "urn:uuid:" + Guid.NewGuid() : null,
                ReplyTo = expectsReply ? new EndpointReference(_settings.MessageVersion.Addressing.AnonymousUri) : null,
                To = _transport.Endpoint.ToString(),
            },
            OtherHeaders = [new UnknownHeader(UnreliableSessionHeader.Create(SessionId), MustUnderstand: false)],
            Body = JournalContract.RequestBody(call),
        };

        _events.Record(new ReliabilityEvent(_clock.Elapsed, ReliabilityEventKind.Sent, SessionId, call.Sequence, 1, call.Operation.ToString()));
        var answer = await _transport.SendAsync(message, _settings.SendTimeout, cancellationToken, call.Sequence).ConfigureAwait(false);
        if (!answer.Arrived || answer.Status >= 300)
        {
            // An answer that refuses the call (a fault, a 4xx) is the service's word on it; no answer at all is the network's.
            var reason = $"{call.Operation} {call.Sequence} failed: {answer.Problem ?? "HTTP " + answer.Status}{(answer.Message?.Body is SoapFault fault ? ": " + fault : string.Empty)}";
            throw answer.Arrived ? new JournalCallException(reason) : new HttpRequestException(reason);
        }

        if (!expectsReply)
        {
            return 0;
        }

        if (answer.Message is { } reply && JournalContract.TryReadAppendResult(reply.Body) is { } result)
        {
            _events.Record(new ReliabilityEvent(_clock.Elapsed, ReliabilityEventKind.ReplyReceived, SessionId, call.Sequence, 1, result.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return result;
        }

        throw new HttpRequestException($"Append {call.Sequence}: the answer (HTTP {answer.Status}) holds no AppendResponse.");
    }
}
