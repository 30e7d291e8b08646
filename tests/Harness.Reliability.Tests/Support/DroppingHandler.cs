using System.Net;
using System.Text;

namespace Harness.Reliability.Tests.Support;

/// <summary>
/// Stands between a client and a service and loses every request with a given WS-Addressing action: it never reaches
/// the service, and the client gets an empty HTTP 503, as from a proxy that could not forward it.
/// </summary>
internal sealed class DroppingHandler(HttpMessageHandler service, string droppedAction) : DelegatingHandler(service)
{
    private int _dropped;

    /// <summary>How many requests were lost.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    public HttpClient CreateClient() => new(this, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Content is null ? string.Empty : Encoding.UTF8.GetString(await request.Content.ReadAsByteArrayAsync(cancellationToken));
        if (body.Contains($">{droppedAction}</", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _dropped);
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request, Content = new ByteArrayContent([]) };
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
