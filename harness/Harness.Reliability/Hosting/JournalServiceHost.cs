using System.Buffers;
using System.Net.Http.Headers;
using Harness.Protocol.Addressing;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;
using Harness.Reliability.Destination;
using Harness.Reliability.Journal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Harness.Reliability.Hosting;

/// <summary>
/// The journal service on Kestrel: one POST endpoint whose requests go to the <see cref="ReliableDestination"/>.
/// Started in process by the runner and the tests, and by <c>harness serve</c>.
/// </summary>
public sealed class JournalServiceHost : IAsyncDisposable
{
    /// <summary>How long stopping waits for requests in flight to finish before cutting them off.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly Lock _stopGate = new();
    private Task? _stopped;

    private JournalServiceHost(WebApplication app, ReliableDestination destination, DeliveryJournal journal, Uri endpoint)
    {
        _app = app;
        Destination = destination;
        Journal = journal;
        Endpoint = endpoint;
    }

    public ReliableDestination Destination { get; }

    public DeliveryJournal Journal { get; }

    /// <summary>The service's address, e.g. <c>http://127.0.0.1:5123/journal</c>.</summary>
    public Uri Endpoint { get; }

    public static async Task<JournalServiceHost> StartAsync(JournalServiceOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var journal = new DeliveryJournal(options.JournalPath, options.KeepJournalEntries) { Clock = options.Destination.Clock };
        var destination = new ReliableDestination(options.Destination, journal, options.Events);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(options.Address, options.Port);
            kestrel.AddServerHeader = false;

            // The destination applies its own (smaller) limit and answers 413; this is only the outer bound.
            kestrel.Limits.MaxRequestBodySize = options.Destination.Limits.MaxMessageBytes + 1L;
        });

        var app = builder.Build();
        var limit = options.Destination.Limits.MaxMessageBytes;
        var errorLog = options.ErrorLog is null ? null : TextWriter.Synchronized(options.ErrorLog);
        app.MapPost(options.Path, (HttpContext context) => HandleWithLastResortAsync(context, destination, limit, errorLog));

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var endpoint = new Uri(new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), options.Path);
        return new JournalServiceHost(app, destination, journal, endpoint);
    }

    /// <summary>
    /// Stops taking requests, lets those in flight finish (at most <see cref="DrainTimeout"/>), then flushes and
    /// closes the journal file: afterwards <see cref="Journal"/> is final, and its count matches the file. Calling it
    /// again (or disposing) waits for the same stop.
    /// </summary>
    public Task StopAsync()
    {
        lock (_stopGate)
        {
            return _stopped ??= StopOnceAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task StopOnceAsync()
    {
        using (var timeout = new CancellationTokenSource(DrainTimeout, Destination.Options.Clock.TimeProvider))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await Destination.DisposeAsync().ConfigureAwait(false);
        await Journal.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Any exception the request's handling lets escape is a service bug, not bad input (that becomes a fault or a
    /// 4xx inside). Left to Kestrel it would be an HTTP 500 with an empty body, which a WCF client reports as a
    /// protocol error with no reason; here it becomes a SOAP Receiver fault, as WCF answers an internal failure,
    /// and is written to the error log.
    /// </summary>
    private static async Task HandleWithLastResortAsync(HttpContext context, ReliableDestination destination, int limit, TextWriter? errorLog)
    {
        try
        {
            await HandleAsync(context, destination, limit).ConfigureAwait(false);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (a cancellation, or a reset seen while reading or writing): no one to answer, no bug.
        }
        catch (BadHttpRequestException)
        {
            // Kestrel's own verdict on the HTTP framing (a body past its limit, a malformed chunk): it answers the
            // precise 4xx and closes the connection.
            throw;
        }
        catch (Exception ex)
        {
            if (errorLog is not null)
            {
                await errorLog.WriteLineAsync($"journal service: {context.Request.Method} {context.Request.Path} failed inside the service: {ex}").ConfigureAwait(false);
            }

            if (context.Response.HasStarted)
            {
                // Part of an answer is on the wire already; only cutting the connection short tells the client.
                context.Abort();
                return;
            }

            await WriteInternalFaultAsync(context).ConfigureAwait(false);
        }
    }

    private static async Task WriteInternalFaultAsync(HttpContext context)
    {
        var version = MessageVersion.Default;
        var fault = new SoapMessage
        {
            Version = version,
            Addressing = new AddressingHeaders { Action = version.Addressing.DefaultFaultAction },

            // The exception's text stays in the log: it describes the service's insides, not the request.
            Body = new SoapFault(SoapFaultCode.Receiver, "The journal service failed to process the request; the failure is in its error log."),
        };
        var bytes = SoapMessageWriter.ToBytes(fault);
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentType = version.Soap.ContentType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task HandleAsync(HttpContext context, ReliableDestination destination, int limit)
    {
        var request = context.Request;
        if (!IsSoapContentType(request.ContentType))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        if (request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var body = await ReadBodyAsync(request, limit, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var endpointAddress = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}";
        var answer = await destination.HandleAsync(body, endpointAddress, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = answer.StatusCode;
        if (answer.Message is { } message)
        {
            var bytes = answer.BodyBytes()!;
            context.Response.ContentType = message.Version.Soap.ContentType;
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static bool IsSoapContentType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType is "application/soap+xml" or "text/xml";

    /// <summary>Reads the whole body, or returns null as soon as it passes <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.Buffer.Length > limit)
            {
                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                return null;
            }

            // Only IsCompleted means the whole body is here. A canceled read is not the end: Kestrel cancels the
            // pending read when it starts a graceful stop, and taking what had arrived for the body answered a
            // request in flight at shutdown with a bogus 400 "unexpected end of file" instead of serving it.
            if (result.IsCompleted)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
