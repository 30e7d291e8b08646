using System.ServiceModel;
using Harness.Reliability.Source;
using Harness.WcfClient.Binding;
using Harness.WcfClient.Contracts;

namespace Harness.WcfClient.Sessions;

/// <summary>
/// A journal session driven by the real WCF client (<c>System.ServiceModel</c>): a channel of the journal contract
/// over the binding the settings describe. What WCF reports is passed on as WCF words it: a call that throws becomes
/// a <see cref="JournalCallException"/> carrying the exception's type and message, and once the channel has faulted,
/// a <see cref="ReliableSessionFaultedException"/>.
/// </summary>
public sealed class WcfJournalSession : IJournalSession
{
    private readonly ChannelFactory _factory;
    private readonly ICommunicationObject _channel;
    private readonly IJournalContract? _journal;
    private readonly IOneWayJournalContract? _oneWay;
    private readonly CancellationTokenRegistration _abortOnCancel;
    private int _disposed;

    private WcfJournalSession(ChannelFactory factory, ICommunicationObject channel, string sessionId, CancellationToken runToken)
    {
        _factory = factory;
        _channel = channel;
        _journal = channel as IJournalContract;
        _oneWay = channel as IOneWayJournalContract;
        SessionId = sessionId;

        // WCF's calls take no token: the run's stop aborts the channel, which ends every call in flight at once.
        _abortOnCancel = runToken.Register(static state => ((ICommunicationObject)state!).Abort(), channel);
    }

    public string SessionId { get; }

    /// <summary>Opens the channel (CreateSequence, when reliable); throws <see cref="JournalCallException"/> when WCF cannot.</summary>
    public static async Task<WcfJournalSession> OpenAsync(Uri endpoint, WcfSessionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();

        var binding = WcfBindings.Create(options.Binding, options.Settings);
        var address = new EndpointAddress(endpoint);
        var unreliableName = options.Settings.Enabled ? null : options.SessionName ?? "urn:uuid:" + Guid.NewGuid();
        ChannelFactory factory;
        ICommunicationObject channel;
        if (options.OneWayContract)
        {
            var typed = new ChannelFactory<IOneWayJournalContract>(binding, address);
            typed.Endpoint.EndpointBehaviors.Add(new HarnessHeadersBehavior(options.Labels, unreliableName));
            factory = typed;
            channel = (ICommunicationObject)typed.CreateChannel();
        }
        else
        {
            var typed = new ChannelFactory<IJournalContract>(binding, address);
            typed.Endpoint.EndpointBehaviors.Add(new HarnessHeadersBehavior(options.Labels, unreliableName));
            factory = typed;
            channel = (ICommunicationObject)typed.CreateChannel();
        }

        using (cancellationToken.Register(static state => ((ICommunicationObject)state!).Abort(), channel))
        {
            try
            {
                await Task.Factory.FromAsync(channel.BeginOpen, channel.EndOpen, null).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsWcfFailure(ex))
            {
                channel.Abort();
                factory.Abort();
                cancellationToken.ThrowIfCancellationRequested();
                throw new JournalCallException(Describe(ex), ex);
            }
        }

        // A reliable channel's session is the sequence the service created: the journal names deliveries by it.
        var sessionId = unreliableName ?? ((IClientChannel)channel).SessionId ?? "urn:uuid:" + Guid.NewGuid();
        return new WcfJournalSession(factory, channel, sessionId, cancellationToken);
    }

    public Task PostAsync(int sequence, string payload, CancellationToken cancellationToken) =>
        CallAsync(sequence, () => _oneWay is not null ? _oneWay.PostAsync(sequence, payload) : _journal!.PostAsync(sequence, payload), cancellationToken);

    public async Task<int> AppendAsync(int sequence, string payload, CancellationToken cancellationToken)
    {
        if (_journal is null)
        {
            throw new InvalidOperationException("the one-way-only contract has no Append");
        }

        var result = 0;
        await CallAsync(sequence, async () => result = await _journal.AppendAsync(sequence, payload).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>WCF's Close: waits until every message is acknowledged, then ends the sequence (LastMessage or CloseSequence, and TerminateSequence).</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Factory.FromAsync(_channel.BeginClose, _channel.EndClose, null).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsWcfFailure(ex))
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new ReliableSessionFaultedException(Describe(ex), [], innerException: ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _abortOnCancel.DisposeAsync().ConfigureAwait(false);
        _channel.Abort();
        _factory.Abort();
    }

    private async Task CallAsync(int sequence, Func<Task> call, CancellationToken cancellationToken)
    {
        // Read by the HTTP handler: the negative control numbers its plain calls for the proxy.
        HarnessHeadersBehavior.CurrentCall.Value = sequence;
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsWcfFailure(ex))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_channel.State == CommunicationState.Faulted)
            {
                throw new ReliableSessionFaultedException(Describe(ex), [], innerException: ex);
            }

            throw new JournalCallException(Describe(ex), ex);
        }
        catch (InvalidOperationException ex) when (ThrownInsideWcf(ex))
        {
            // Seen with several calls in flight: "Queue empty." from the reliable channel's transmission window. The
            // call fails although its message may still be sent and delivered; the history keeps WCF's words.
            throw new JournalCallException(Describe(ex) + " (thrown inside the WCF client)", ex);
        }
    }

    private static bool ThrownInsideWcf(Exception ex) => ex.Source?.StartsWith("System.ServiceModel", StringComparison.Ordinal) == true;

    /// <summary>What WCF throws for what the network or the service did (FaultException and ProtocolException are CommunicationExceptions).</summary>
    private static bool IsWcfFailure(Exception ex) => ex is CommunicationException or TimeoutException or ObjectDisposedException;

    private static string Describe(Exception ex)
    {
        var text = $"{ex.GetType().Name}: {ex.Message}";
        return ex.InnerException is { } inner && !ex.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{text} <- {inner.GetType().Name}: {inner.Message}"
            : text;
    }
}
