using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Harness.Proxy.Pipeline;

/// <summary>Sends every request to the one target address, whatever path it came in on, with the target's Host.</summary>
internal sealed class TargetTransformer(Uri target) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        proxyRequest.RequestUri = target;
        proxyRequest.Headers.Host = null;
    }
}
