using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;
using Harness.Reliability.Destination.Answers;
using Harness.Reliability.Destination.Faults;
using Harness.Reliability.Destination.Handlers;
using Harness.Reliability.Destination.Policy;
using Harness.Reliability.Destination.Sequences;
using Harness.Reliability.Destination.Unreliable;
using Harness.Reliability.Events;
using Harness.Reliability.Journal;

namespace Harness.Reliability.Destination;

/// <summary>
/// The RM destination: creates sequences (accepting an Offer for replies), suppresses duplicates, delivers each
/// message to the journal exactly once (in order when Ordered), acknowledges only what it delivered, answers
/// request-reply calls on the offered sequence, and sends the WS-RM faults of both versions. Transport-neutral:
/// the HTTP host hands it request bodies and writes back its <see cref="DestinationResponse"/>.
/// </summary>
public sealed class ReliableDestination : IAsyncDisposable
{
    private readonly DestinationContext _context;
    private readonly SequenceTable _sequences;
    private readonly AcknowledgementBuilder _acknowledgements;
    private readonly DestinationFaults _faults;
    private readonly CreateSequenceHandler _createSequence;
    private readonly SequencedMessageHandler _sequenced;
    private readonly SequenceEndHandler _sequenceEnd;
    private readonly ReplyAcknowledgementHandler _replyAcknowledgements;
    private readonly UnreliableEndpoint _unreliable;
    private readonly IdleSequenceExpiry _idleExpiry;

    public ReliableDestination(DestinationOptions options, DeliveryJournal journal, IReliabilityEventSink? events = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(journal);
        options.Settings.Validate();
        _context = new DestinationContext(options, journal, events ?? NullEventSink.Instance, DestinationPolicies.For(options.Defects));
        _sequences = new SequenceTable(_context);
        _acknowledgements = new AcknowledgementBuilder(_context);
        _faults = new DestinationFaults(_context, _sequences);
        _createSequence = new CreateSequenceHandler(_context, _sequences, _faults);
        _sequenced = new SequencedMessageHandler(_context, _sequences, _acknowledgements, _faults);
        _sequenceEnd = new SequenceEndHandler(_sequences, _acknowledgements, _faults);
        _replyAcknowledgements = new ReplyAcknowledgementHandler(_sequences, _faults);
        _unreliable = new UnreliableEndpoint(_context, _faults);
        _idleExpiry = new IdleSequenceExpiry(_context, _sequences);
    }

    public DestinationOptions Options => _context.Options;

    public DeliveryJournal Journal => _context.Journal;

    /// <summary>Sequences alive now.</summary>
    public int SequenceCount => _sequences.Count;

    /// <summary>Sequences the application has not accepted yet (WCF's pending channels).</summary>
    public int PendingCount => _sequences.PendingCount;

    /// <summary>Handles one request body; never throws for bad input (it becomes a fault or a 4xx).</summary>
    public async ValueTask<DestinationResponse> HandleAsync(ReadOnlyMemory<byte> body, string endpointAddress, CancellationToken cancellationToken)
    {
        if (body.Length > _context.Options.Limits.MaxMessageBytes)
        {
            return new DestinationResponse(413, null);
        }

        SoapMessage message;
        try
        {
            message = SoapMessageReader.Read(body, _context.Options.Limits);
        }
        catch (WireProtocolException ex)
        {
            return _context.Policy.AnswerUnreadable(body, _sequences, _acknowledgements) ?? _faults.Unreadable(ex, body);
        }

        if (message.NotUnderstoodHeaders.FirstOrDefault() is { } notUnderstood)
        {
            return DestinationResponse.Fault(_faults.PlainFault(
                message, SoapFaultCode.MustUnderstand, $"The header '{notUnderstood.Name}' was marked mustUnderstand and is not understood."));
        }

        if (_faults.NotSpoken(message) is { } refusal)
        {
            return refusal;
        }

        if (!_context.Settings.Enabled)
        {
            return _unreliable.Handle(message);
        }

        if (_replyAcknowledgements.Process(message) is { } ackFault)
        {
            return ackFault;
        }

        return message.Body switch
        {
            CreateSequence create => _createSequence.Handle(message, create, endpointAddress),
            CloseSequence close => _sequenceEnd.HandleClose(message, close),
            TerminateSequence terminate => _sequenceEnd.HandleTerminate(message, terminate),
            SoapFault fault => Received(message, fault),
            ApplicationBody when message.Sequence is not null => await _sequenced.HandleAsync(message, cancellationToken).ConfigureAwait(false),
            ApplicationBody when message.AckRequests.Count > 0 => _sequenced.HandleAckRequested(message),
            ApplicationBody when message.Acknowledgements.Count > 0 => DestinationResponse.Accepted,
            ApplicationBody => _faults.ReliableSessionRequired(message),
            _ => _faults.Sender(message, $"A destination does not accept {message.Body.GetType().Name}."),
        };
    }

    public async ValueTask DisposeAsync() => await _idleExpiry.DisposeAsync().ConfigureAwait(false);

    /// <summary>Ends every sequence idle for longer than InactivityTimeout at <paramref name="now"/> (run-clock time).</summary>
    internal void ExpireIdleSequences(TimeSpan now) => _idleExpiry.ExpireIdle(now);

    private DestinationResponse Received(SoapMessage message, SoapFault fault)
    {
        _context.Record(ReliabilityEventKind.Received, message.GetSequenceFault()?.Identifier, 0, "fault from the source: " + fault);
        return DestinationResponse.Accepted;
    }
}
