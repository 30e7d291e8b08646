using Harness.Reliability.Events;
using Harness.Reliability.Journal;
using Harness.Reliability.Source.Answers;
using Harness.Reliability.Source.Closing;
using Harness.Reliability.Source.Messages;
using Harness.Reliability.Source.Opening;
using Harness.Reliability.Source.Retransmission;
using Harness.Reliability.Source.Window;

namespace Harness.Reliability.Source;

/// <summary>
/// The RM source: creates a sequence (offering one for replies when calls expect them), numbers calls in
/// submission order, keeps at most MaxTransferWindowSize unacknowledged messages in flight, retransmits on an
/// adaptive timer with exponential backoff, acknowledges replies in its next message, and faults after
/// MaxRetryCount retries naming what was never acknowledged.
/// </summary>
public sealed class ReliableSession : IJournalSession
{
    /// <summary>How long disposal waits for sends still in flight before abandoning them.</summary>
    private static readonly TimeSpan DisposeGrace = TimeSpan.FromSeconds(5);

    private readonly SourceContext _context;
    private readonly SourceSequence _sequence;
    private readonly MessageSender _sender;
    private readonly SequenceClosing _closing;
    private readonly InFlightSends _inFlight = new();
    private readonly CancellationTokenSource _lifetime = new();

    private ReliableSession(SourceContext context)
    {
        _context = context;
        var flowControl = new FlowControl(context);
        _sequence = new SourceSequence(context, flowControl);
        var messages = new SourceMessages(context);
        var answers = new AnswerProcessor(context, _sequence, messages);
        _sender = new MessageSender(context, _sequence, flowControl, messages, answers, _inFlight, _lifetime.Token);
        _closing = SequenceClosing.For(context, _sequence, messages, answers, _sender);
    }

    public string SessionId => _context.SequenceId;

    /// <summary>The offered reply sequence's identifier, when the session expects replies.</summary>
    public string? OfferedSequenceId => _context.OfferedId;

    /// <summary>Sends CreateSequence (retrying like any message) and returns the open session.</summary>
    public static async Task<ReliableSession> OpenAsync(HttpClient http, Uri endpoint, SessionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Settings.Validate();
        var transport = new SoapHttpTransport(http, endpoint, options.Limits, options.Clock, options.Labels);
        var retransmission = new RetransmissionLoop(new RetransmissionTimer(settings), settings.MaxRetryCount, options.Clock);
        var create = new CreateSequenceExchange(transport, options, retransmission.Timer, options.ExpectReplies ? "urn:uuid:" + Guid.NewGuid() : null);
        await retransmission.RunAsync(create, cancellationToken).ConfigureAwait(false);

        // The timer already holds CreateSequence's round trip.
        return new ReliableSession(new SourceContext(transport, options, retransmission, create.SequenceId!, create.OfferedId));
    }

    public async Task PostAsync(int sequence, string payload, CancellationToken cancellationToken) =>
        await _sender.SendAsync(new JournalCall(JournalOperation.Post, sequence, payload), cancellationToken).ConfigureAwait(false);

    public Task<int> AppendAsync(int sequence, string payload, CancellationToken cancellationToken)
    {
        if (_context.OfferedId is null)
        {
            throw new InvalidOperationException("Append is request-reply: open the session with ExpectReplies.");
        }

        return _sender.SendAsync(new JournalCall(JournalOperation.Append, sequence, payload), cancellationToken);
    }

    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        _sequence.BeginClose();
        await _closing.CloseAsync(cancellationToken).ConfigureAwait(false);
        _sequence.MarkClosed();
        _context.Record(ReliabilityEventKind.SessionClosed, 0, 0, $"last message {_sequence.LastNumber}");
    }

    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_inFlight.Snapshot()).WaitAsync(DisposeGrace, _context.Clock.TimeProvider).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or ReliableSessionFaultedException)
        {
            // Disposal abandons what is still in flight.
        }

        _lifetime.Dispose();
    }
}
