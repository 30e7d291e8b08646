using Harness.Protocol.Addressing;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Reliability.Events;
using Harness.Reliability.Source.Retransmission;

namespace Harness.Reliability.Source.Opening;

/// <summary>
/// CreateSequence, offering a sequence for replies when the session expects them, sent through the retransmission
/// loop until a CreateSequenceResponse comes. The first attempt's round trip is the timer's first sample.
/// </summary>
internal sealed class CreateSequenceExchange : IRetransmitted
{
    private readonly SoapHttpTransport _transport;
    private readonly SessionOptions _options;
    private readonly RetransmissionTimer _timer;
    private readonly SoapMessage _request;
    private string? _lastProblem;

    public CreateSequenceExchange(SoapHttpTransport transport, SessionOptions options, RetransmissionTimer timer, string? offeredId)
    {
        _transport = transport;
        _options = options;
        _timer = timer;
        OfferedId = offeredId;
        var settings = options.Settings;
        var rm = settings.ReliableMessagingVersion;
        var version = settings.MessageVersion;
        var anonymous = new EndpointReference(version.Addressing.AnonymousUri);
        _request = new SoapMessage
        {
            Version = version,
            ReliableMessaging = rm,
            Addressing = new AddressingHeaders { Action = rm.CreateSequenceAction, MessageId = "urn:uuid:" + Guid.NewGuid(), ReplyTo = ProtocolAddressing.ReplyToOfRequest(version), To = transport.Endpoint.ToString() },
            Body = new CreateSequence(anonymous)
            {
                Offer = offeredId is null ? null : rm.Is11
                    ? new SequenceOffer(offeredId)
                    {
                        Endpoint = anonymous,
                        IncompleteSequenceBehavior = settings.Ordered ? IncompleteSequenceBehavior.DiscardFollowingFirstGap : IncompleteSequenceBehavior.NoDiscard,
                    }
                    : new SequenceOffer(offeredId),
            },
        };
    }

    public string? OfferedId { get; }

    /// <summary>The identifier the destination gave the sequence, once answered.</summary>
    public string? SequenceId { get; private set; }

    public WakeSignal? Wake => null;

    public bool BeginAttempt(int attempt) => true;

    public int BackoffStep(int attempt) => attempt;

    public void RetriesExhausted() => throw new ReliableSessionFaultedException(
        $"No CreateSequenceResponse after {_options.Settings.MaxRetryCount + 1} attempts (last: {_lastProblem}).", []);

    public async Task<AttemptOutcome> SendAsync(int attempt, CancellationToken cancellationToken)
    {
        var clock = _options.Clock;
        Record(ReliabilityEventKind.SequenceRequested, null, attempt, OfferedId is null ? "no offer" : "offer " + OfferedId);
        var sentAt = clock.Elapsed;
        var answer = await _transport.SendAsync(_request, _options.Settings.SendTimeout, cancellationToken).ConfigureAwait(false);
        if (answer.Message?.Body is CreateSequenceResponse response && answer.Message.Addressing.RelatesTo == _request.Addressing.MessageId)
        {
            if (OfferedId is not null && response.Accept is null)
            {
                throw new ReliableSessionFaultedException("The destination did not accept the offered reply sequence.", []);
            }

            if (attempt == 1)
            {
                _timer.Sample(clock.Elapsed - sentAt);
            }

            Record(ReliabilityEventKind.SequenceCreated, response.Identifier, attempt, null);
            SequenceId = response.Identifier;
            return AttemptOutcome.Answered;
        }

        if (answer.Message?.GetSequenceFault() is { } fault)
        {
            throw new ReliableSessionFaultedException($"The destination refused the sequence: {fault.SubcodeName}: {fault.Reason}", [], fault);
        }

        if (answer.Message?.Body is SoapFault plainFault && answer.Status != 400)
        {
            throw new ReliableSessionFaultedException($"The destination answered CreateSequence with a fault: {plainFault}", []);
        }

        // A 400 with a plain fault is the destination failing to read a CreateSequence damaged on the way: lost, so sent again.
        _lastProblem = answer.Problem ?? (answer.Message?.Body is SoapFault unreadable ? $"HTTP 400, unreadable: {unreadable.Reason}" : $"HTTP {answer.Status} without a CreateSequenceResponse");
        return AttemptOutcome.Unanswered;
    }

    private void Record(ReliabilityEventKind kind, string? sequenceId, int attempt, string? detail) =>
        _options.Events.Record(new ReliabilityEvent(_options.Clock.Elapsed, kind, sequenceId, 0, attempt, detail));
}
