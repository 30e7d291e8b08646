using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.ServiceModel.Dispatcher;
using Harness.Protocol;
using Harness.Reliability.Journal;

namespace Harness.WcfClient.Sessions;

/// <summary>
/// Adds the harness's identification to what the WCF client sends: the <c>X-Harness-Session</c> HTTP header on every
/// request (CreateSequence, acknowledgements and retransmissions included, which no message inspector sees), so the
/// proxy's fault decisions do not depend on which session reaches it first; and, with the reliable session off, the
/// call's sequence as <c>X-Harness-Call</c> and the session's name as a SOAP header, as the harness's own client does.
/// </summary>
internal sealed class HarnessHeadersBehavior(int? sessionIndex, string? unreliableSessionName) : IEndpointBehavior
{
    /// <summary>The sequence of the call being started on this flow; read where the HTTP request is made.</summary>
    internal static readonly AsyncLocal<int?> CurrentCall = new();

    public void AddBindingParameters(ServiceEndpoint endpoint, BindingParameterCollection bindingParameters)
    {
        ArgumentNullException.ThrowIfNull(bindingParameters);

        // WCF's HTTP transport looks for this factory among the binding parameters and wraps its handler with it.
        bindingParameters.Add(new Func<HttpClientHandler, HttpMessageHandler>(inner => new HeaderHandler(inner, sessionIndex, unreliableSessionName is not null)));
    }

    public void ApplyClientBehavior(ServiceEndpoint endpoint, ClientRuntime clientRuntime)
    {
        ArgumentNullException.ThrowIfNull(clientRuntime);
        if (unreliableSessionName is not null)
        {
            clientRuntime.ClientMessageInspectors.Add(new SessionHeaderInspector(unreliableSessionName));
        }
    }

    public void ApplyDispatchBehavior(ServiceEndpoint endpoint, EndpointDispatcher endpointDispatcher)
    {
    }

    public void Validate(ServiceEndpoint endpoint)
    {
    }

    private sealed class HeaderHandler(HttpMessageHandler inner, int? sessionIndex, bool numberCalls) : DelegatingHandler(inner)
    {
        private readonly string? _session = sessionIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (_session is not null)
            {
                request.Headers.TryAddWithoutValidation(HarnessHttpHeaders.SessionIndex, _session);
            }

            if (numberCalls && CurrentCall.Value is { } call)
            {
                request.Headers.TryAddWithoutValidation(HarnessHttpHeaders.CallSequence, call.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Names the session in a SOAP header: without a reliable session nothing else tells sessions apart.</summary>
    private sealed class SessionHeaderInspector(string sessionName) : IClientMessageInspector
    {
        public object? BeforeSendRequest(ref Message request, System.ServiceModel.IClientChannel channel)
        {
            request.Headers.Add(MessageHeader.CreateHeader(UnreliableSessionHeader.Name.LocalName, UnreliableSessionHeader.Name.NamespaceName, sessionName));
            return null;
        }

        public void AfterReceiveReply(ref Message reply, object correlationState)
        {
        }
    }
}
