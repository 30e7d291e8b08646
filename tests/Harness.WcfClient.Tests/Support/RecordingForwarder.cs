using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Harness.WcfClient.Tests.Support;

/// <summary>One HTTP request as a client sent it: its Content-Type, its other headers, its body, and the status it got.</summary>
internal sealed record RecordedRequest(int Arrival, string? ContentType, IReadOnlyDictionary<string, string> Headers, byte[] Body, int Status)
{
    /// <summary>When the request arrived and when its answer came back from the target (Stopwatch timestamps).</summary>
    public (long Arrived, long Answered) Times { get; init; }
}

/// <summary>
/// A recording reverse proxy on an ephemeral loopback port: each request is recorded exactly as it arrived, then
/// forwarded unchanged (body, Content-Type, SOAPAction and the harness's X- headers) to the target, whose answer goes
/// back unchanged. It sees what a client puts on the wire without being a party to the protocol.
/// </summary>
internal sealed class RecordingForwarder : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http;
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private int _arrivals;

    private RecordingForwarder(WebApplication app, HttpClient http)
    {
        _app = app;
        _http = http;
    }

    /// <summary>The recorder's address with the target's path.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every request so far, in the order they arrived.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests.OrderBy(r => r.Arrival)];
            }
        }
    }

    /// <summary>The most requests that were at the target at the same moment.</summary>
    public static int MostAtOnce(IEnumerable<RecordedRequest> requests)
    {
        var edges = requests.SelectMany(r => new[] { (Time: r.Times.Arrived, Step: 1), (Time: r.Times.Answered, Step: -1) })
            .OrderBy(e => e.Time).ThenBy(e => e.Step); // an answer at the same tick as an arrival does not overlap it
        var (current, most) = (0, 0);
        foreach (var (_, step) in edges)
        {
            current += step;
            most = Math.Max(most, current);
        }

        return most;
    }

    public static async Task<RecordingForwarder> StartAsync(Uri target, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
        var recorder = new RecordingForwarder(app, http);
        app.Run(context => recorder.ForwardAsync(context, target));
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            http.Dispose();
            await app.DisposeAsync();
            throw;
        }

        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        recorder.Endpoint = new Uri(address, target.AbsolutePath);
        return recorder;
    }

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token);
        }

        await _app.DisposeAsync();
        _http.Dispose();
    }

    private async Task ForwardAsync(HttpContext context, Uri target)
    {
        var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        var arrival = Interlocked.Increment(ref _arrivals);
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

        using var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), target) { Content = new ByteArrayContent(body) };
        if (context.Request.ContentType is { } contentType)
        {
            forward.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        foreach (var (name, value) in headers.Where(h => h.Key.Equals("SOAPAction", StringComparison.OrdinalIgnoreCase) || h.Key.StartsWith("X-", StringComparison.OrdinalIgnoreCase)))
        {
            forward.Headers.TryAddWithoutValidation(name, value);
        }

        using var answer = await _http.SendAsync(forward, context.RequestAborted);
        var answerBody = await answer.Content.ReadAsByteArrayAsync(context.RequestAborted);
        lock (_gate)
        {
            _requests.Add(new RecordedRequest(arrival, context.Request.ContentType, headers, body, (int)answer.StatusCode) { Times = (arrived, System.Diagnostics.Stopwatch.GetTimestamp()) });
        }

        context.Response.StatusCode = (int)answer.StatusCode;
        if (answer.Content.Headers.ContentType is { } answerType)
        {
            context.Response.ContentType = answerType.ToString();
        }

        if (answerBody.Length > 0)
        {
            context.Response.ContentLength = answerBody.Length;
            await context.Response.Body.WriteAsync(answerBody, context.RequestAborted);
        }
    }
}
