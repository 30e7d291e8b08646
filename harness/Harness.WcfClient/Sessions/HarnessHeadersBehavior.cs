using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.ServiceModel.Dispatcher;
using Harness.Reliability.Journal;
using Harness.Reliability.Source;

namespace Harness.WcfClient.Sessions;

/// <summary>
/// Adds the harness's identification to what the WCF client sends: the session's label header on every
/// request (CreateSequence, acknowledgements and retransmissions included, which no message inspector sees), so the
/// proxy's fault decisions do not depend on which session reaches it first; and, with the reliable session off, the
/// call's sequence in the call header and the session's name as a SOAP header, as the harness's own client does.
/// </summary>
internal sealed class HarnessHeadersBehavior(SessionLabels? labels, string? unreliableSessionName) : IEndpointBehavior
{
    /// <summary>The sequence of the call being started on this flow; read where the HTTP request is made.</summary>
    internal static readonly AsyncLocal<int?> CurrentCall = new();

    public void AddBindingParameters(ServiceEndpoint endpoint, BindingParameterCollection bindingParameters)
    {
        ArgumentNullException.ThrowIfNull(bindingParameters);

        // WCF's HTTP transport looks for this factory among the binding parameters and wraps its handler with it.
        bindingParameters.Add(new Func<HttpClientHandler, HttpMessageHandler>(inner => new HeaderHandler(inner, labels, unreliableSessionName is not null)));
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

    private sealed class HeaderHandler(HttpMessageHandler inner, SessionLabels? labels, bool numberCalls) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            labels?.AddTo(request, numberCalls ? CurrentCall.Value : null);
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
