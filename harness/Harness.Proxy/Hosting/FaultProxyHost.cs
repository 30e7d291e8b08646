using System.Net;
using Harness.Proxy.Pipeline;
using Harness.Proxy.Tracing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Harness.Proxy.Hosting;

/// <summary>
/// The fault proxy on Kestrel: every request, whatever its path, goes through the fault step to YARP's forwarder
/// and on to the target. Used in process by the runner and tests, and by <c>harness proxy</c>.
/// </summary>
public sealed class FaultProxyHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpMessageInvoker _invoker;
    private readonly FaultProxyHandler _handler;
    private int _disposed;

    private FaultProxyHost(WebApplication app, HttpMessageInvoker invoker, FaultProxyHandler handler, ProxyTrace trace, Uri address)
    {
        _app = app;
        _handler = handler;
        _invoker = invoker;
        Trace = trace;
        Address = address;
    }

    /// <summary>When the proxy started on its <see cref="FaultProxyOptions.Clock"/>: trace times (<see cref="ProxyTraceRecord.TimeMs"/>) count from here.</summary>
    public TimeSpan StartedAt => _handler.StartedAt;

    public ProxyTrace Trace { get; }

    /// <summary>Message events (requests and answers) the proxy has traced.</summary>
    public long MessageCount => Trace.Count;

    /// <summary>The proxy's base address, e.g. <c>http://127.0.0.1:5124/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Starts the proxy on <paramref name="listen"/> (loopback only; port 0 picks a free one).</summary>
    public static async Task<FaultProxyHost> StartAsync(IPEndPoint listen, FaultProxyOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(options);
        if (!IPAddress.IsLoopback(listen.Address))
        {
            throw new ArgumentException($"The proxy listens on loopback only (127.0.0.1 or [::1]), not {listen.Address}.", nameof(listen));
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddHttpForwarder();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(listen);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 256L * 1024 * 1024;
        });

        var app = builder.Build();
        var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            ActivityHeadersPropagator = null,
        });
        var trace = new ProxyTrace(options.TracePath, options.KeepTraceInMemory);
        var handler = new FaultProxyHandler(options, app.Services.GetRequiredService<IHttpForwarder>(), invoker, trace);
        app.Map("/{**path}", (RequestDelegate)handler.HandleAsync);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FaultProxyHost(app, invoker, handler, trace, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>Stops accepting, lets exchanges in flight finish (bounded), and completes the trace file.</summary>
    public async ValueTask DisposeAsync()
    {
        // Idempotent: a command stops the proxy to read its final trace and then leaves its using block.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Held messages (delay, reorder) get the graceful stop's five seconds to reach the service, then are cut.
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            timeout.Token.Register(_handler.StopHolding);
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        _handler.StopHolding();

        await _app.DisposeAsync().ConfigureAwait(false);
        _invoker.Dispose();
        await Trace.DisposeAsync().ConfigureAwait(false);
    }
}
